//! Customer profiles: validation, saving, how a profile becomes a scan
//! target, and "test connection".

use atoll_aws::{AwsError, AwsProfile, CallerIdentity, ScanTarget};
use atoll_core::scan::ScanRecord;
use atoll_store::{AccessKind, Customer, CustomerDraft, Store, StoreError};
use serde::Serialize;

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
            if let Some(id) = draft.external_id.as_deref().filter(|id| !id.is_empty())
                && (id.len() < 2
                    || id.len() > 1224
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/-_".contains(c)))
            {
                problem(
                    "external_id",
                    "2-1224 characters: letters, digits and +=,.@:/-_".into(),
                );
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

/// The scan request for a customer, as its profile says.
pub fn scan_request(customer: &Customer) -> Result<ScanRequest, CustomerError> {
    if customer.profile.access == AccessKind::Demo {
        return Err(CustomerError::DemoNotScannable);
    }
    Ok(ScanRequest {
        target: scan_target(&customer.profile),
        regions: customer.profile.regions.clone(),
        customer: Some(customer.profile.name.clone()),
        concurrency: 0,
        organization: None,
        scope: Default::default(),
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
}
