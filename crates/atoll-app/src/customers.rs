//! Customer profiles: validation, saving, how a profile becomes a scan
//! target, and "test connection".

use atoll_aws::{AwsError, AwsProfile, CallerIdentity, ScanTarget};
use atoll_core::scan::ScanRecord;
use atoll_core::scope::{ScopeTag, WorkloadScope};
use atoll_store::{AccessKind, Customer, CustomerDraft, OrganizationProfile, Store, StoreError};
use serde::Serialize;

use crate::organization::{OrganizationCheck, OrganizationScope};
use crate::scan::ScanRequest;

/// The regions a partner can pick (commercial partitions; opt-in regions
/// included: a scan of a region the account has not enabled reports it as
/// not assessed, never as clean).
pub const AWS_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
];

/// `regions = ["all"]`: every region enabled in the account.
pub const ALL_REGIONS: &str = "all";

/// One problem with one field of a customer form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CustomerError {
    #[error("the customer profile is not valid: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("the demo customer's scans are bundled: it cannot be scanned live")]
    DemoNotScannable,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn is_role_arn(arn: &str) -> bool {
    // arn:<partition>:iam::<12 digits>:role/<path/name>
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5]
            .strip_prefix("role/")
            .is_some_and(|n| !n.is_empty())
}

/// Why `id` is not an external ID AWS accepts, if it is not.
fn external_id_problem(id: &str) -> Option<String> {
    let valid = (2..=1224).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/-_".contains(c));
    (!valid).then(|| "2-1224 characters: letters, digits and +=,.@:/-_".into())
}

/// Why `name` is not an IAM role name (optionally with a path), if not.
fn role_name_problem(name: &str) -> Option<String> {
    let last = name.rsplit('/').next().unwrap_or(name);
    let valid = !name.starts_with('/')
        && (1..=64).contains(&last.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c));
    (!valid).then(|| {
        "a role name (up to 64 letters, digits and +=,.@_-), e.g. AtollReadOnly; not an ARN".into()
    })
}

/// Every problem with an organization review's settings.
fn organization_problems(org: &OrganizationProfile, problem: &mut impl FnMut(&str, String)) {
    let role = org.member_role.trim();
    if let Some(why) = (!role.is_empty())
        .then(|| role_name_problem(role))
        .flatten()
    {
        problem("member_role", why);
    }
    if let Some(why) = org
        .member_external_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .and_then(external_id_problem)
    {
        problem("member_external_id", why);
    }
    for (field, ids) in [
        ("accounts", &org.accounts),
        ("exclude_accounts", &org.exclude_accounts),
    ] {
        if let Some(bad) = ids
            .iter()
            .find(|id| id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()))
        {
            problem(field, format!("`{bad}` is not a 12-digit AWS account id"));
        }
    }
    if let Some(both) = org
        .accounts
        .iter()
        .find(|id| org.exclude_accounts.contains(id))
    {
        problem(
            "exclude_accounts",
            format!("{both} is both included and excluded"),
        );
    }
}

/// The workload scope the profile's tags name, or the first tag that is
/// not `KEY=VALUE`.
fn workload_scope(tags: &[String]) -> Result<WorkloadScope, String> {
    Ok(WorkloadScope {
        tags: tags
            .iter()
            .map(|tag| ScopeTag::parse(tag))
            .collect::<Result<_, _>>()?,
    })
}

/// Every problem with a draft, field by field (empty when it is valid).
pub fn validate_customer(draft: &CustomerDraft) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut problem = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };
    if draft.name.trim().is_empty() {
        problem("name", "a customer needs a name".into());
    } else if draft.name.chars().count() > 120 {
        problem("name", "keep the name under 120 characters".into());
    }
    let profile = draft.profile.as_deref().map(str::trim).unwrap_or("");
    match draft.access {
        AccessKind::Profile | AccessKind::Sso if profile.is_empty() => {
            problem("profile", "pick a profile from ~/.aws/config".into())
        }
        AccessKind::Role => {
            let arn = draft.role_arn.as_deref().map(str::trim).unwrap_or("");
            if arn.is_empty() {
                problem("role_arn", "enter the role to assume".into());
            } else if !is_role_arn(arn) {
                problem(
                    "role_arn",
                    "expected arn:aws:iam::<12-digit account>:role/<name>".into(),
                );
            }
            if let Some(why) = draft
                .external_id
                .as_deref()
                .filter(|id| !id.is_empty())
                .and_then(external_id_problem)
            {
                problem("external_id", why);
            }
        }
        AccessKind::Demo => problem("access", "the demo customer cannot be edited".into()),
        _ => {}
    }
    if draft.regions.is_empty() {
        problem(
            "regions",
            "pick at least one region, or all enabled regions".into(),
        );
    } else if draft.regions.iter().any(|r| r == ALL_REGIONS) {
        if draft.regions.len() > 1 {
            problem(
                "regions",
                "choose either all enabled regions or a list".into(),
            );
        }
    } else if let Some(unknown) = draft
        .regions
        .iter()
        .find(|r| !AWS_REGIONS.contains(&r.as_str()))
    {
        problem("regions", format!("`{unknown}` is not an AWS region"));
    }
    if let Some(org) = &draft.organization {
        organization_problems(org, &mut problem);
    }
    if let Err(why) = workload_scope(&draft.workload_tags) {
        problem("workload_tags", why);
    }
    errors
}

/// Creates (no id) or updates a customer after validating it.
pub async fn save_customer(
    store: &Store,
    id: Option<i64>,
    draft: &CustomerDraft,
) -> Result<Customer, CustomerError> {
    let errors = validate_customer(draft);
    if !errors.is_empty() {
        return Err(CustomerError::Invalid(errors));
    }
    let mut clean = draft.clone();
    clean.name = clean.name.trim().to_string();
    let trim = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    clean.profile = trim(&clean.profile);
    clean.role_arn = trim(&clean.role_arn);
    clean.external_id = trim(&clean.external_id);
    if let Some(org) = &mut clean.organization {
        org.member_role = org.member_role.trim().to_string();
        org.member_external_id = trim(&org.member_external_id);
    }
    clean.workload_tags = workload_scope(&clean.workload_tags)
        .map(|scope| scope.tags.iter().map(ToString::to_string).collect())
        .unwrap_or(clean.workload_tags);
    if clean.access != AccessKind::Role {
        clean.role_arn = None;
        clean.external_id = None;
    }
    let id = match id {
        Some(id) => {
            if store.customer(id).await?.profile.access == AccessKind::Demo {
                return Err(CustomerError::Invalid(vec![FieldError {
                    field: "access".into(),
                    message: "the demo customer cannot be edited".into(),
                }]));
            }
            store.update_customer(id, &clean).await?;
            id
        }
        None => store.create_customer(&clean).await?,
    };
    Ok(store.customer(id).await?)
}

/// How a profile reaches the account.
pub fn scan_target(draft: &CustomerDraft) -> ScanTarget {
    ScanTarget {
        profile: draft.profile.clone(),
        role_arn: draft.role_arn.clone(),
        external_id: draft.external_id.clone(),
        endpoint_url: None,
        timeouts: Default::default(),
    }
}

/// The organization review a profile asks for, if any.
fn organization_scope(org: &OrganizationProfile) -> OrganizationScope {
    OrganizationScope {
        member_role: org.member_role.clone(),
        external_id: org.member_external_id.clone(),
        include_ous: org.include_ous.clone(),
        exclude_ous: org.exclude_ous.clone(),
        accounts: org.accounts.clone(),
        exclude_accounts: org.exclude_accounts.clone(),
        max_accounts_in_flight: 0,
    }
}

/// The scan request for a customer, as its profile says: one account or
/// the organization, the whole account or the workload's tags.
pub fn scan_request(customer: &Customer) -> Result<ScanRequest, CustomerError> {
    if customer.profile.access == AccessKind::Demo {
        return Err(CustomerError::DemoNotScannable);
    }
    let scope = workload_scope(&customer.profile.workload_tags).map_err(|message| {
        CustomerError::Invalid(vec![FieldError {
            field: "workload_tags".into(),
            message,
        }])
    })?;
    Ok(ScanRequest {
        target: scan_target(&customer.profile),
        regions: customer.profile.regions.clone(),
        customer: Some(customer.profile.name.clone()),
        concurrency: 0,
        organization: customer
            .profile
            .organization
            .as_ref()
            .map(organization_scope),
        scope,
    })
}

/// The scan request for a stored customer, as its profile says.
pub async fn customer_scan_request(
    store: &Store,
    customer_id: i64,
) -> Result<ScanRequest, CustomerError> {
    scan_request(&store.customer(customer_id).await?)
}

/// Every customer, by name.
pub async fn list_customers(store: &Store) -> Result<Vec<Customer>, StoreError> {
    store.customers().await
}

/// Deletes a customer with its scans and accepted risks.
pub async fn delete_customer(store: &Store, id: i64) -> Result<(), StoreError> {
    store.delete_customer(id).await
}

/// A customer's scans, newest first, whatever their status.
pub async fn customer_scans(
    store: &Store,
    customer_id: i64,
) -> Result<Vec<ScanRecord>, StoreError> {
    let customer = store.customer(customer_id).await?;
    store.scans(Some(&customer.profile.name)).await
}

/// The AWS profiles of `~/.aws/config` and `~/.aws/credentials` a partner
/// can pick from.
pub fn aws_profiles() -> Vec<AwsProfile> {
    atoll_aws::list_profiles()
}

/// "Test connection": the account the profile reaches, or why it cannot.
pub async fn test_connection(draft: &CustomerDraft) -> Result<CallerIdentity, AwsError> {
    atoll_aws::test_connection(&scan_target(draft)).await
}

/// "Test connection" of an organization review: the accounts it covers and
/// which member roles could be assumed. A draft without organization
/// settings is checked as a review of every account with the default role.
pub async fn test_organization(draft: &CustomerDraft) -> Result<OrganizationCheck, AwsError> {
    let scope = draft
        .organization
        .as_ref()
        .map(organization_scope)
        .unwrap_or_default();
    crate::organization::check_organization(&scan_target(draft), &scope).await
}

/// The demo customer, with its two bundled scans, marked so it is never
/// scanned live or edited.
pub async fn open_demo_customer(
    store: &Store,
    rules: &atoll_core::RuleSet,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Customer, crate::demo::DemoError> {
    let demo = crate::demo::ensure_demo_customer(store, rules, now).await?;
    store.mark_demo(demo.customer_id).await?;
    Ok(store.customer(demo.customer_id).await?)
}

/// First start: with no customer configured, the app offers the demo
/// customer (created here); otherwise nothing changes.
pub async fn offer_demo_customer(
    store: &Store,
    rules: &atoll_core::RuleSet,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Customer>, crate::demo::DemoError> {
    if !store.customers().await?.is_empty() {
        return Ok(None);
    }
    Ok(Some(open_demo_customer(store, rules, now).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> CustomerDraft {
        CustomerDraft {
            name: "Acme".into(),
            access: AccessKind::Role,
            profile: None,
            role_arn: Some("arn:aws:iam::123456789012:role/AtollReview".into()),
            external_id: Some("sow-42".into()),
            regions: vec!["eu-west-1".into()],
            ..Default::default()
        }
    }

    fn fields(d: &CustomerDraft) -> Vec<String> {
        validate_customer(d).into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_valid_role_profile_passes() {
        assert!(validate_customer(&draft()).is_empty());
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut d = draft();
        d.name = "  ".into();
        d.role_arn = Some("arn:aws:iam::12345:user/bob".into());
        d.external_id = Some("has space".into());
        d.regions = vec!["mars-north-1".into()];
        assert_eq!(fields(&d), ["name", "role_arn", "external_id", "regions"]);

        let mut d = draft();
        d.access = AccessKind::Sso;
        d.regions = vec![];
        assert_eq!(fields(&d), ["profile", "regions"]);

        let mut d = draft();
        d.regions = vec!["all".into(), "eu-west-1".into()];
        assert_eq!(fields(&d), ["regions"]);
        d.regions = vec!["all".into()];
        assert!(fields(&d).is_empty());
    }

    #[test]
    fn organization_settings_and_workload_tags_are_checked() {
        let mut d = draft();
        d.organization = Some(OrganizationProfile {
            member_role: "arn:aws:iam::123456789012:role/AtollReadOnly".into(),
            member_external_id: Some("x".into()),
            include_ous: vec!["Workloads/Prod".into()],
            exclude_ous: vec![],
            accounts: vec!["111111111111".into(), "12345".into()],
            exclude_accounts: vec!["111111111111".into()],
        });
        d.workload_tags = vec!["Application=payments".into(), "payments".into()];
        assert_eq!(
            fields(&d),
            [
                "member_role",
                "member_external_id",
                "accounts",
                "exclude_accounts",
                "workload_tags"
            ]
        );

        let org = d.organization.as_mut().unwrap();
        org.member_role = "audit/AtollReadOnly".into();
        org.member_external_id = Some("acme-audit".into());
        org.accounts = vec!["111111111111".into()];
        org.exclude_accounts = vec![];
        d.workload_tags = vec!["Application=payments".into()];
        assert!(fields(&d).is_empty(), "{:?}", validate_customer(&d));
    }

    #[test]
    fn an_organization_profile_asks_for_an_organization_review_of_its_workload() {
        let mut d = draft();
        d.organization = Some(OrganizationProfile {
            member_role: "AtollReadOnly".into(),
            member_external_id: Some("acme-audit".into()),
            exclude_ous: vec!["Sandbox".into()],
            ..Default::default()
        });
        d.workload_tags = vec!["Application=payments".into()];
        let customer = Customer {
            id: 1,
            profile: d,
            created_at: String::new(),
            scans: 0,
            last_scan_at: None,
        };
        let request = scan_request(&customer).unwrap();
        let org = request.organization.expect("an organization review");
        assert_eq!(org.member_role, "AtollReadOnly");
        assert_eq!(org.external_id.as_deref(), Some("acme-audit"));
        assert_eq!(org.exclude_ous, ["Sandbox"]);
        assert_eq!(request.scope.tags[0].to_string(), "Application=payments");
        // The role profile's own external ID stays the source's.
        assert_eq!(request.target.external_id.as_deref(), Some("sow-42"));

        let mut one = customer.clone();
        one.profile.organization = None;
        one.profile.workload_tags = vec![];
        let request = scan_request(&one).unwrap();
        assert!(request.organization.is_none() && request.scope.tags.is_empty());
    }
}
