// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit:
// run `ATOLL_UPDATE_BINDINGS=1 cargo test --workspace --test bindings`.

export type Pillar = "operational-excellence" | "security" | "reliability" | "performance-efficiency" | "cost-optimization" | "sustainability";

export type Risk = "high" | "medium" | "low";

export type Impact = "downtime" | "data-loss" | "security" | "cost" | "performance" | "sustainability";

export type Domain = "compute" | "database" | "storage" | "network" | "identity" | "security" | "monitoring" | "messaging" | "serverless" | "governance";

export type Outcome = "pass" | "fail" | "not-assessed";

export type CoverageStatus = "ok" | "partial" | "access-denied" | "throttled" | "timed-out" | "unavailable" | "error";

export type AccessKind = "profile" | "sso" | "role" | "demo";

export type CustomerDraft = { name: string, access: AccessKind, 
/**
 * The profile (for `role`: the base profile the role is assumed from;
 * None there means the default credential chain).
 */
profile: string | null, role_arn: string | null, external_id: string | null, 
/**
 * Region names, or `["all"]` for every region enabled in the account.
 */
regions: Array<string>, contact: string, sow_reference: string, notes: string, 
/**
 * Review every member account of the organization the credentials
 * administer (or the accounts listed); None: the one account they
 * reach.
 */
organization: OrganizationProfile | null, 
/**
 * The workload reviewed, as `KEY=VALUE` resource tags (a resource with
 * any of them is in scope); empty: the whole account.
 */
workload_tags: Array<string>, };

export type Customer = { id: number, created_at: string, 
/**
 * Completed scans, and when the last one finished.
 */
scans: number, last_scan_at: string | null, name: string, access: AccessKind, 
/**
 * The profile (for `role`: the base profile the role is assumed from;
 * None there means the default credential chain).
 */
profile: string | null, role_arn: string | null, external_id: string | null, 
/**
 * Region names, or `["all"]` for every region enabled in the account.
 */
regions: Array<string>, contact: string, sow_reference: string, notes: string, 
/**
 * Review every member account of the organization the credentials
 * administer (or the accounts listed); None: the one account they
 * reach.
 */
organization: OrganizationProfile | null, 
/**
 * The workload reviewed, as `KEY=VALUE` resource tags (a resource with
 * any of them is in scope); empty: the whole account.
 */
workload_tags: Array<string>, };

export type FieldError = { field: string, message: string, };

export type ProfileKind = "sso" | "role" | "process" | "keys";

export type AwsProfile = { name: string, kind: ProfileKind, region: string | null, };

export type CallerIdentity = { account_id: string, arn: string, };

export type OrganizationProfile = { 
/**
 * The role's name in each member account; empty: the default
 * read-only audit role.
 */
member_role: string, member_external_id: string | null, 
/**
 * Only accounts under these OUs (a path such as `Workloads/Prod`, or
 * an OU's name); empty: every OU.
 */
include_ous: Array<string>, exclude_ous: Array<string>, 
/**
 * Only these account ids; empty: every account. With member roles
 * only (no organization listing), this list is the review.
 */
accounts: Array<string>, exclude_accounts: Array<string>, };

export type OrganizationCheck = { source: CallerIdentity, 
/**
 * Why the organization could not be listed, when the profile's own
 * account list stands in for it.
 */
listing_error: string | null, accounts: Array<AccountCheck>, };

export type AccountCheck = { account_id: string, name: string, ou_path: string, assumed: boolean, 
/**
 * How the account is read: the member role, or the source's own
 * credentials for the account they belong to.
 */
how: string, 
/**
 * Why the role could not be assumed.
 */
reason: string | null, };

export type ScanStatus = "running" | "completed" | "failed" | "cancelled" | "interrupted";

export type Coverage = { service: string, resource_type: string, region: string, status: CoverageStatus, message: string | null, };

export type ScanRecord = { id: number, customer: string | null, account_id: string | null, regions: Array<string>, started_at: string, finished_at: string | null, status: ScanStatus, error: string | null, api_calls: number, rules_version: string, coverage: Array<Coverage>, 
/**
 * The organization review this is one account's scan of; None for a
 * scan of one account on its own, and for the review itself.
 */
parent_id: number | null, 
/**
 * The account's name in the organization (an account scan of a review).
 */
account_name: string | null, 
/**
 * The organizational units the account sits in, e.g. `Workloads/Prod`.
 */
ou_path: string | null, 
/**
 * True for an organization review: its numbers roll up its accounts'.
 */
organization: boolean, 
/**
 * The workload the scan reviews (resource tags); empty: the whole account.
 */
scope: WorkloadScope, };

export type AccountState = "started" | "completed" | "not-assessed";

export type ScanEvent = { "kind": "planned", scan_tasks: number, } | { "kind": "account", account_id: string, name: string, state: AccountState, 
/**
 * Why the account is not assessed, when it is not.
 */
detail: string | null, } | { "kind": "collected", service: string, region: string, status: CoverageStatus, resources: number, };

export type AccountSummary = { 
/**
 * The account's own scan (every single-account view opens on it).
 */
scan_id: number, account_id: string, name: string, ou_path: string, status: ScanStatus, 
/**
 * Why the account was not assessed (its role could not be assumed,
 * its scan failed), when it was not.
 */
not_assessed: string | null, 
/**
 * The account's health score; None when it was not assessed.
 */
score: number | null, 
/**
 * Findings not accepted as risks.
 */
findings: number, high: number, by_pillar: { [key in Pillar]?: number }, 
/**
 * Well-Architected questions with a high risk in this account.
 */
high_risk_questions: number, };

export type ScopeTag = { key: string, value: string, };

export type WorkloadScope = { tags: Array<ScopeTag>, };

export type RuleCounts = { total: number, failed: number, passed: number, 
/**
 * Rules with no result at all: nothing of the kind exists in the account.
 */
not_applicable: number, 
/**
 * Rules with at least one region that was not assessed and no failure.
 */
not_assessed: number, };

export type NotAssessed = { rule_id: string, region: string, reason: string, };

export type Summary = { 
/**
 * 0..=100, see `score_formula`.
 */
score: number, score_formula: string, findings: number, suppressed: number, by_risk: { [key in Risk]?: number }, by_pillar: { [key in Pillar]?: number }, by_region: { [key in string]?: number }, by_impact: { [key in Impact]?: number }, by_domain: { [key in Domain]?: number }, rules: RuleCounts, 
/**
 * WA questions with a failing high-risk rule (high-risk issues).
 */
high_risk_questions: Array<string>, 
/**
 * WA questions with failing medium-risk rules only.
 */
medium_risk_questions: Array<string>, 
/**
 * Rule x region pairs that could not be assessed, with why.
 */
not_assessed: Array<NotAssessed>, };

export type ScanOverview = { scan: ScanRecord, summary: Summary, 
/**
 * An organization review's accounts, riskiest first; empty otherwise.
 */
accounts: Array<AccountSummary>, };

export type RuleInfo = { id: string, title: string, pillar: Pillar, question: string, best_practices: Array<string>, risk: Risk, impact: Impact, domain: Domain, effort_hours: number, description: string, remediation: Array<string>, remediation_cli: string | null, references: Array<string>, 
/**
 * Guidance for the review conversation, not an automated check.
 */
manual: boolean, };

export type Finding = { rule_id: string, title: string, pillar: Pillar, question: string, best_practices: Array<string>, risk: Risk, impact: Impact, domain: Domain, region: string, resource_type: string, resource_id: string, arn: string | null, detail: string, suppressed: boolean, 
/**
 * The AWS account of the resource: in an organization review, the
 * member account it was found in.
 */
account_id: string | null, };

export type FindingColumns = { rule: Array<number>, region: Array<number>, resource_type: Array<number>, resource_id: Array<string>, arn: Array<string | null>, detail: Array<string>, suppressed: Array<boolean>, 
/**
 * Index into `accounts`.
 */
account: Array<number>, };

export type ScanFindings = { scan_id: number, rules: Array<RuleInfo>, regions: Array<string>, resource_types: Array<string>, 
/**
 * The AWS accounts the findings are in (one, unless the scan is an
 * organization review).
 */
accounts: Array<string>, 
/**
 * How each of `accounts` is shown: `name (id)`, or the id alone.
 */
account_labels: Array<string>, findings: FindingColumns, };

export type HriProgress = { baseline_hris: Array<string>, current_hris: Array<string>, resolved_hris: Array<string>, 
/**
 * resolved / baseline x 100; None when the baseline had no HRI.
 */
improvement_pct: number | null, };

export type ScanDiff = { 
/**
 * Failing in the later scan only.
 */
new: Array<Finding>, 
/**
 * Failing in the baseline only.
 */
resolved: Array<Finding>, 
/**
 * Failing in both (as seen in the later scan).
 */
persisting: Array<Finding>, 
/**
 * Failing in the baseline, and not judged by the later scan (its
 * account, service, region or rule was not assessed): neither resolved
 * nor known to persist. Their high-risk questions stay open.
 */
not_reassessed: Array<Finding>, hri: HriProgress, };

export type AccountChange = { account_id: string, name: string, 
/**
 * Its line in the baseline; None: the account is new to the review.
 */
baseline: AccountSummary | null, 
/**
 * Its line in the later review; None: no longer in the review.
 */
later: AccountSummary | null, new: number, resolved: number, 
/**
 * Baseline findings the later review could not judge (see
 * `ScanDiff::not_reassessed`).
 */
not_reassessed: number, };

export type RemainingHri = { question: string, title: string, failing_rules: Array<string>, resources: number, };

export type HriSection = { has_baseline: boolean, baseline_scan_id: number | null, 
/**
 * The baseline's HRIs; without a baseline, this scan's (the starting point).
 */
baseline_hris: Array<string>, current_hris: Array<string>, resolved_hris: Array<string>, remaining_hris: Array<RemainingHri>, 
/**
 * HRIs of this scan that the baseline did not have.
 */
new_hris: Array<string>, baseline_count: number, resolved_count: number, remaining_count: number, 
/**
 * resolved / baseline x 100, one decimal; None without a baseline or
 * when the baseline had no HRI.
 */
pct_resolved: number | null, threshold_pct: number, min_questions: number, questions_answered: number, questions_total: number, 
/**
 * HRIs to resolve to reach the threshold (0 when reached).
 */
hris_needed: number, eligible: boolean, what_is_left: Array<string>, };

export type CreditThreshold = { 
/**
 * Share of the baseline HRIs to resolve, in percent.
 */
percentage: number, 
/**
 * Questions the review must have answered.
 */
min_questions: number, };

export type ReportBranding = { 
/**
 * The partner firm, on the cover, in headers and footers.
 */
partner_name: string, 
/**
 * Who led the review, on the cover (may be empty).
 */
reviewer: string, 
/**
 * `#RRGGBB`.
 */
accent: string, 
/**
 * The logo as PNG file bytes, base64-encoded.
 */
logo_png_base64: string | null, };

export type Comparison = { baseline: ScanOverview, later: ScanOverview, diff: ScanDiff, hri: HriSection, threshold: CreditThreshold, 
/**
 * Organization reviews compared: each account's change, accounts
 * added to or removed from the review included; empty otherwise.
 */
accounts: Array<AccountChange>, };

export type Suppression = { rule_id: string, resource_type: string, region: string, resource_id: string, reason: string, author: string, 
/**
 * RFC 3339; after it the suppression no longer applies.
 */
expires_at: string | null, };

export type StoredSuppression = { id: number, created_at: string, 
/**
 * Whether it applies now (not expired).
 */
active: boolean, rule_id: string, resource_type: string, region: string, resource_id: string, reason: string, author: string, 
/**
 * RFC 3339; after it the suppression no longer applies.
 */
expires_at: string | null, };

export type SuppressionRequest = { scan_id: number, rule_id: string, resource_type: string, region: string, resource_id: string, reason: string, author: string, 
/**
 * `YYYY-MM-DD` (valid to the end of that day, UTC) or RFC 3339; none
 * for a suppression that never expires.
 */
expires: string | null, };

export type ErrorCode = "invalid" | "not-found" | "aws" | "scan-running" | "cancelled" | "store" | "report" | "startup-failed";

export type IpcError = { code: ErrorCode, message: string, 
/**
 * Field-level problems of a refused form.
 */
fields: Array<FieldError>, };
