//! A workload scope: a Well-Architected review is of one workload, and a
//! partner scopes the scan to it by resource tags (`Application=payments`).
//!
//! Decisions:
//! - A resource is in scope when it carries any of the scope's tags (a
//!   workload is often tagged under more than one name or environment).
//! - Account-level facts (the account itself, its password policy, trails,
//!   GuardDuty, Config, Security Hub, account-wide S3 and EBS settings,
//!   Organizations) are always in scope: they govern every workload.
//! - The whole inventory is still collected and read by the rules, so a
//!   tagged instance is judged with its untagged security groups and a
//!   tagged database with the AWS Backup plan protecting it; only results
//!   on resources outside the scope are dropped, so they are neither
//!   findings nor passes.
//! - A resource whose tags the collectors do not read yet (S3 buckets,
//!   Lambda functions, load balancers...: everything not in
//!   [`TAG_AWARE_TYPES`]) cannot be placed in or out of a workload: its
//!   results become "not assessed" with that reason, so a tag-scoped review
//!   neither hides its risks nor reports another workload's as this one's.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::model::{Outcome, Resource, RuleResult};

/// One `KEY=VALUE` tag of a scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScopeTag {
    pub key: String,
    pub value: String,
}

impl ScopeTag {
    /// Parses `KEY=VALUE` (the value may be empty, the key may not).
    pub fn parse(text: &str) -> Result<ScopeTag, String> {
        match text.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => Ok(ScopeTag {
                key: key.trim().to_string(),
                value: value.trim().to_string(),
            }),
            _ => Err(format!(
                "`{text}` is not a tag: expected KEY=VALUE, e.g. Application=payments"
            )),
        }
    }
}

impl std::fmt::Display for ScopeTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// What part of the account a scan reviews; empty tags: all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkloadScope {
    pub tags: Vec<ScopeTag>,
}

/// Resource types that describe the account rather than a workload.
pub const ACCOUNT_LEVEL_TYPES: &[&str] = &[
    crate::resource_types::ACCOUNT,
    "AWS::IAM::AccountPasswordPolicy",
    "AWS::IAM::AccountSummary",
    "AWS::S3::AccountPublicAccessBlock",
    "AWS::CloudTrail::Trail",
    "AWS::GuardDuty::Detector",
    "AWS::EC2::EBSEncryptionByDefault",
    "AWS::Config::ConfigurationRecorder",
    "AWS::SecurityHub::Hub",
    "AWS::Organizations::Account",
];

/// Resource types whose collectors read the resource's tags.
pub const TAG_AWARE_TYPES: &[&str] = &[
    "AWS::EC2::Instance",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::Volume",
    "AWS::EC2::EIP",
    "AWS::EC2::VPC",
    "AWS::EC2::FlowLog",
    "AWS::EC2::VPNConnection",
    "AWS::EC2::NatGateway",
    "AWS::EC2::Subnet",
    "AWS::EC2::Snapshot",
    "AWS::EC2::Image",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::IAM::User",
    "AWS::IAM::Role",
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::EFS::FileSystem",
    "AWS::CloudFormation::Stack",
    "AWS::SQS::Queue",
];

/// The detail of a result a tag scope cannot decide.
pub const TAGS_NOT_READ: &str =
    "not assessed in a tag-scoped review: Atoll does not read this resource type's tags yet";

impl WorkloadScope {
    pub fn is_whole_account(&self) -> bool {
        self.tags.is_empty()
    }

    /// "Application=payments or Application=checkout".
    pub fn describe(&self) -> String {
        if self.is_whole_account() {
            return "the whole account".to_string();
        }
        let tags: Vec<String> = self.tags.iter().map(ToString::to_string).collect();
        format!(
            "resources tagged {} (and the account-level settings)",
            tags.join(" or ")
        )
    }

    pub fn covers(&self, resource: &Resource) -> bool {
        self.is_whole_account()
            || ACCOUNT_LEVEL_TYPES.contains(&resource.resource_type.as_str())
            || self
                .tags
                .iter()
                .any(|t| resource.tags.get(&t.key) == Some(&t.value))
    }

    /// The results on resources in scope; results on resources whose tags
    /// are not read become "not assessed" ([`TAGS_NOT_READ`]). A result on
    /// a resource the inventory does not hold (a rule reporting on the
    /// region, say) is kept only for a whole-account scope.
    pub fn results_in_scope(
        &self,
        resources: &[Resource],
        results: Vec<RuleResult>,
    ) -> Vec<RuleResult> {
        if self.is_whole_account() {
            return results;
        }
        let in_scope: HashSet<(&str, &str, &str)> = resources
            .iter()
            .filter(|r| self.covers(r))
            .map(|r| {
                (
                    r.resource_type.as_str(),
                    r.region.as_str(),
                    r.resource_id.as_str(),
                )
            })
            .collect();
        results
            .into_iter()
            .filter_map(|mut r| {
                let kind = r.resource_type.as_str();
                if ACCOUNT_LEVEL_TYPES.contains(&kind)
                    || in_scope.contains(&(kind, r.region.as_str(), r.resource_id.as_str()))
                {
                    Some(r)
                } else if !TAG_AWARE_TYPES.contains(&kind) {
                    r.outcome = Outcome::NotAssessed;
                    r.detail = TAGS_NOT_READ.to_string();
                    Some(r)
                } else {
                    None
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(kind: &str, id: &str, tags: &[(&str, &str)]) -> Resource {
        Resource {
            resource_type: kind.into(),
            region: "eu-west-1".into(),
            resource_id: id.into(),
            arn: None,
            name: None,
            tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            config: serde_json::json!({}),
        }
    }

    fn result(kind: &str, id: &str) -> RuleResult {
        RuleResult {
            rule_id: "some-rule".into(),
            resource_type: kind.into(),
            region: "eu-west-1".into(),
            resource_id: id.into(),
            arn: None,
            outcome: Outcome::Fail,
            detail: String::new(),
        }
    }

    #[test]
    fn only_tagged_resources_and_account_facts_keep_their_results() {
        let scope = WorkloadScope {
            tags: vec![ScopeTag::parse("Application=payments").unwrap()],
        };
        let resources = [
            resource(
                "AWS::EC2::Volume",
                "vol-payments",
                &[("Application", "payments")],
            ),
            resource("AWS::EC2::Volume", "vol-crm", &[("Application", "crm")]),
            resource("AWS::EC2::Volume", "vol-untagged", &[]),
            resource("AWS::CloudTrail::Trail", "trail", &[]),
            resource("AWS::S3::Bucket", "payments-bucket", &[]),
        ];
        let results = ["vol-payments", "vol-crm", "vol-untagged"]
            .map(|id| result("AWS::EC2::Volume", id))
            .into_iter()
            .chain([
                result("AWS::CloudTrail::Trail", "trail"),
                result("AWS::S3::Bucket", "payments-bucket"),
            ])
            .collect();
        let kept: Vec<(String, Outcome)> = scope
            .results_in_scope(&resources, results)
            .into_iter()
            .map(|r| (r.resource_id, r.outcome))
            .collect();
        assert_eq!(
            kept,
            [
                ("vol-payments".to_string(), Outcome::Fail),
                ("trail".to_string(), Outcome::Fail),
                // Its tags are not read: neither a finding nor dropped.
                ("payments-bucket".to_string(), Outcome::NotAssessed),
            ]
        );
    }

    #[test]
    fn a_tag_without_a_key_is_refused_with_an_example() {
        let err = ScopeTag::parse("=payments").unwrap_err();
        assert!(err.contains("KEY=VALUE"), "{err}");
        assert!(ScopeTag::parse("Application").is_err());
        assert_eq!(
            ScopeTag::parse("Env=").unwrap(),
            ScopeTag {
                key: "Env".into(),
                value: String::new()
            }
        );
    }
}
