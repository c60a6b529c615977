//! What a later scan looked at, so that a compare only calls a baseline
//! finding *resolved* when the later scan judged that rule on that resource
//! again. A finding missing from the later scan because its account's role
//! was refused, its service was denied, its region or its rule left the
//! scan, or its resource is outside the later scan's workload scope, is
//! "not re-assessed": it keeps its high-risk question open, since an HRI
//! claimed as remediated must have been seen remediated.

use std::collections::HashSet;

use crate::engine::WHOLE_REGION;
use crate::model::{Outcome, RuleResult};
use crate::score::Finding;

/// One rule on one resource (or `*`: the whole region) of one account.
type Judgement = (Option<String>, String, String, String);

/// The reach of a later scan: its rules, regions and accounts, and where a
/// rule could not be assessed.
#[derive(Debug, Clone, Default)]
pub struct Reassessment {
    rules: HashSet<String>,
    regions: HashSet<String>,
    /// The accounts assessed (an organization review); None for a scan of
    /// one account, where every finding is of that account.
    accounts: Option<HashSet<String>>,
    not_assessed: HashSet<Judgement>,
    passed: HashSet<Judgement>,
    /// A workload-scoped scan: a resource without results may just be
    /// outside the scope, so only a passing result shows it resolved.
    scoped: bool,
}

impl Reassessment {
    /// A scan of `regions` by `rules` (ids); `global` is always in reach.
    pub fn new<R, G>(rules: R, regions: G) -> Self
    where
        R: IntoIterator<Item = String>,
        G: IntoIterator<Item = String>,
    {
        let mut regions: HashSet<String> = regions.into_iter().collect();
        regions.insert(crate::model::GLOBAL_REGION.to_string());
        Reassessment {
            rules: rules.into_iter().collect(),
            regions,
            accounts: None,
            not_assessed: HashSet::new(),
            passed: HashSet::new(),
            scoped: false,
        }
    }

    /// The regions scanned are also `regions` (a review's accounts each
    /// resolve "all regions" to their own).
    pub fn with_regions(mut self, regions: impl IntoIterator<Item = String>) -> Self {
        self.regions.extend(regions);
        self
    }

    /// The later scan reviewed a workload (resource tags), not everything.
    pub fn scoped(mut self, scoped: bool) -> Self {
        self.scoped = scoped;
        self
    }

    /// The later scan is an organization review: only findings of an
    /// account assessed in it can be re-assessed (`assessed_account`).
    pub fn review_of_accounts(mut self) -> Self {
        self.accounts = Some(HashSet::new());
        self
    }

    /// `account` was assessed, with these results.
    pub fn assessed_account(&mut self, account: Option<&str>, results: &[RuleResult]) {
        if let (Some(accounts), Some(account)) = (&mut self.accounts, account) {
            accounts.insert(account.to_string());
        }
        for r in results {
            let judgement = (
                account.map(str::to_string),
                r.rule_id.clone(),
                r.region.clone(),
                r.resource_id.clone(),
            );
            match r.outcome {
                Outcome::NotAssessed => self.not_assessed.insert(judgement),
                Outcome::Pass => self.passed.insert(judgement),
                Outcome::Fail => false,
            };
        }
    }

    /// Whether the later scan judged `finding`'s rule on its resource again.
    pub fn judged(&self, finding: &Finding) -> bool {
        if !self.rules.contains(&finding.rule_id) || !self.regions.contains(&finding.region) {
            return false;
        }
        if let Some(accounts) = &self.accounts {
            let assessed = finding
                .account_id
                .as_ref()
                .is_some_and(|a| accounts.contains(a));
            if !assessed {
                return false;
            }
        }
        let judgement = |resource: &str| {
            (
                finding.account_id.clone(),
                finding.rule_id.clone(),
                finding.region.clone(),
                resource.to_string(),
            )
        };
        if self.passed.contains(&judgement(&finding.resource_id)) {
            return true;
        }
        // No result for the resource: it is gone, unless the rule could not
        // look (or the scope left it out).
        !self.scoped
            && !self.not_assessed.contains(&judgement(WHOLE_REGION))
            && !self.not_assessed.contains(&judgement(&finding.resource_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Domain, Impact, Pillar, Risk};

    fn finding(rule: &str, region: &str, id: &str, account: Option<&str>) -> Finding {
        Finding {
            rule_id: rule.into(),
            title: rule.into(),
            pillar: Pillar::Security,
            question: "SEC 8".into(),
            best_practices: vec![],
            risk: Risk::High,
            impact: Impact::DataLoss,
            domain: Domain::Storage,
            region: region.into(),
            resource_type: "AWS::RDS::DBInstance".into(),
            resource_id: id.into(),
            arn: None,
            detail: String::new(),
            suppressed: false,
            account_id: account.map(str::to_string),
        }
    }

    fn not_assessed(rule: &str, region: &str, id: &str) -> RuleResult {
        RuleResult {
            rule_id: rule.into(),
            resource_type: "AWS::RDS::DBInstance".into(),
            region: region.into(),
            resource_id: id.into(),
            arn: None,
            outcome: Outcome::NotAssessed,
            detail: "access denied".into(),
        }
    }

    fn scan() -> Reassessment {
        Reassessment::new(["rds-encrypted".to_string()], ["eu-west-1".to_string()])
    }

    #[test]
    fn a_rule_region_or_resource_not_assessed_is_not_judged() {
        let mut later = scan();
        later.assessed_account(
            Some("111111111111"),
            &[
                not_assessed("rds-encrypted", "eu-west-1", "legacy-db"),
                not_assessed("rds-encrypted", "global", WHOLE_REGION),
            ],
        );
        let one = Some("111111111111");
        assert!(later.judged(&finding("rds-encrypted", "eu-west-1", "orders-db", one)));
        assert!(!later.judged(&finding("rds-encrypted", "eu-west-1", "legacy-db", one)));
        assert!(!later.judged(&finding("rds-encrypted", "global", "x", one)));
        // A region, or a rule, the later scan did not run.
        assert!(!later.judged(&finding("rds-encrypted", "us-east-1", "orders-db", one)));
        assert!(!later.judged(&finding("rds-retired", "eu-west-1", "orders-db", one)));
    }

    #[test]
    fn in_a_review_only_assessed_accounts_are_judged() {
        let mut later = scan().review_of_accounts();
        later.assessed_account(
            Some("111111111111"),
            &[not_assessed("rds-encrypted", "eu-west-1", WHOLE_REGION)],
        );
        later.assessed_account(Some("222222222222"), &[]);
        let f = |account| finding("rds-encrypted", "eu-west-1", "db", account);
        assert!(!later.judged(&f(Some("111111111111"))), "denied there");
        assert!(later.judged(&f(Some("222222222222"))));
        assert!(!later.judged(&f(Some("333333333333"))), "not assessed");
        assert!(!later.judged(&f(None)));
    }

    #[test]
    fn a_workload_scan_judges_only_what_it_saw_pass() {
        let mut later = scan().scoped(true);
        let pass = RuleResult {
            outcome: Outcome::Pass,
            ..not_assessed("rds-encrypted", "eu-west-1", "payments-db")
        };
        later.assessed_account(Some("111111111111"), &[pass]);
        let f = |id| finding("rds-encrypted", "eu-west-1", id, Some("111111111111"));
        assert!(later.judged(&f("payments-db")));
        assert!(!later.judged(&f("reporting-db")), "outside the workload");
    }
}
