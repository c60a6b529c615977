//! Customer profiles, accepted risks (suppressions) per customer, and app
//! settings. A profile holds how to reach the account (profile name, role
//! ARN, external ID), never a secret.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;

use crate::{Store, StoreError, column, json, parse_json, timestamp};

/// How the customer's account is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum AccessKind {
    /// A named profile from `~/.aws/config` (keys or a credential process).
    #[default]
    Profile,
    /// An IAM Identity Center (SSO) profile.
    Sso,
    /// A role assumed, with an external ID, from a base profile.
    Role,
    /// The bundled demo customer: never scanned live.
    Demo,
}

impl AccessKind {
    fn as_str(self) -> &'static str {
        match self {
            AccessKind::Profile => "profile",
            AccessKind::Sso => "sso",
            AccessKind::Role => "role",
            AccessKind::Demo => "demo",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        serde_json::from_value(serde_json::Value::String(text.to_string()))
            .map_err(|_| StoreError::Corrupt(format!("customer access `{text}`")))
    }
}

/// What the partner enters for a customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerDraft {
    pub name: String,
    pub access: AccessKind,
    /// The profile (for `role`: the base profile the role is assumed from;
    /// None there means the default credential chain).
    pub profile: Option<String>,
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// Region names, or `["all"]` for every region enabled in the account.
    pub regions: Vec<String>,
    pub contact: String,
    pub sow_reference: String,
    pub notes: String,
    /// Review every member account of the organization the credentials
    /// administer (or the accounts listed); None: the one account they
    /// reach.
    #[serde(default)]
    pub organization: Option<OrganizationProfile>,
    /// The workload reviewed, as `KEY=VALUE` resource tags (a resource with
    /// any of them is in scope); empty: the whole account.
    #[serde(default)]
    pub workload_tags: Vec<String>,
}

/// How an organization review reaches and selects the member accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrganizationProfile {
    /// The role's name in each member account; empty: the default
    /// read-only audit role.
    pub member_role: String,
    pub member_external_id: Option<String>,
    /// Only accounts under these OUs (a path such as `Workloads/Prod`, or
    /// an OU's name); empty: every OU.
    pub include_ous: Vec<String>,
    pub exclude_ous: Vec<String>,
    /// Only these account ids; empty: every account. With member roles
    /// only (no organization listing), this list is the review.
    pub accounts: Vec<String>,
    pub exclude_accounts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Customer {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[serde(flatten)]
    pub profile: CustomerDraft,
    pub created_at: String,
    /// Completed scans, and when the last one finished.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub scans: i64,
    pub last_scan_at: Option<String>,
}

const CUSTOMER_COLUMNS: &str = "c.id, c.name, c.access, c.profile, c.role_arn, c.external_id, c.regions,
     c.contact, c.sow_reference, c.notes, c.organization, c.workload_tags, c.created_at,
     (SELECT count(*) FROM scans s WHERE s.customer_id = c.id AND s.status = 'completed') AS scans,
     (SELECT max(finished_at) FROM scans s WHERE s.customer_id = c.id AND s.status = 'completed') AS last_scan_at";

fn customer_from_row(row: &SqliteRow) -> Result<Customer, StoreError> {
    Ok(Customer {
        id: column(row, "id")?,
        profile: CustomerDraft {
            name: column(row, "name")?,
            access: AccessKind::parse(column(row, "access")?)?,
            profile: column(row, "profile")?,
            role_arn: column(row, "role_arn")?,
            external_id: column(row, "external_id")?,
            regions: parse_json(column::<&str>(row, "regions")?, "customer regions")?,
            contact: column(row, "contact")?,
            sow_reference: column(row, "sow_reference")?,
            notes: column(row, "notes")?,
            organization: column::<Option<&str>>(row, "organization")?
                .map(|text| parse_json(text, "customer organization"))
                .transpose()?,
            workload_tags: parse_json(
                column::<&str>(row, "workload_tags")?,
                "customer workload tags",
            )?,
        },
        created_at: column(row, "created_at")?,
        scans: column(row, "scans")?,
        last_scan_at: column(row, "last_scan_at")?,
    })
}

type SqliteQuery<'q> =
    sqlx::query::Query<'q, sqlx::Sqlite, <sqlx::Sqlite as sqlx::Database>::Arguments>;

/// Binds a profile's eleven columns, in the order both the INSERT and the
/// UPDATE list them.
fn bind_draft<'q>(query: SqliteQuery<'q>, draft: &CustomerDraft) -> SqliteQuery<'q> {
    query
        .bind(draft.name.clone())
        .bind(draft.access.as_str())
        .bind(draft.profile.clone())
        .bind(draft.role_arn.clone())
        .bind(draft.external_id.clone())
        .bind(json(&draft.regions))
        .bind(draft.contact.clone())
        .bind(draft.sow_reference.clone())
        .bind(draft.notes.clone())
        .bind(draft.organization.as_ref().map(json))
        .bind(json(&draft.workload_tags))
}

fn unique_violation(e: sqlx::Error, name: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::DuplicateCustomer(name.to_string())
        }
        _ => StoreError::Sqlite(e),
    }
}

impl Store {
    /// All customers, by name.
    pub async fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers c ORDER BY c.name COLLATE NOCASE"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(customer_from_row).collect()
    }

    pub async fn customer(&self, id: i64) -> Result<Customer, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers c WHERE c.id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NoSuchCustomer(id))?;
        customer_from_row(&row)
    }

    pub async fn create_customer(&self, draft: &CustomerDraft) -> Result<i64, StoreError> {
        Ok(bind_draft(
            sqlx::query(
                "INSERT INTO customers (name, access, profile, role_arn, external_id, regions, contact, sow_reference, notes,
                     organization, workload_tags, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ),
            draft,
        )
        .bind(timestamp(Utc::now()))
        .execute(&self.pool)
        .await
        .map_err(|e| unique_violation(e, &draft.name))?
        .last_insert_rowid())
    }

    pub async fn update_customer(&self, id: i64, draft: &CustomerDraft) -> Result<(), StoreError> {
        let updated = bind_draft(
            sqlx::query(
                "UPDATE customers SET name = ?, access = ?, profile = ?, role_arn = ?, external_id = ?, regions = ?,
                     contact = ?, sow_reference = ?, notes = ?, organization = ?, workload_tags = ? WHERE id = ?",
            ),
            draft,
        )
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(|e| unique_violation(e, &draft.name))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NoSuchCustomer(id));
        }
        Ok(())
    }

    /// Deletes a customer with its scans and suppressions.
    pub async fn delete_customer(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // Scans keep their customer by `ON DELETE SET NULL`; a deleted
        // customer's scans go with it, as the partner asked.
        sqlx::query("DELETE FROM scans WHERE customer_id = ? AND status <> 'running'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM customers WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NoSuchCustomer(id));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks the bundled demo customer, so it is never scanned or edited.
    pub async fn mark_demo(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE customers SET access = 'demo', regions = ?, notes = ?, contact = ?, sow_reference = ? WHERE id = ?",
        )
            .bind(json(&["eu-west-1", "us-east-1"]))
            .bind("Bundled demo data: two scans (before and after remediation) of a fictional retailer, evaluated by the real rule engine.")
            .bind("Jordan Lee, Head of Platform (fictional)")
            .bind("NWR-WAFR-2026-01")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The customer a scan belongs to, if any.
    pub async fn scan_customer_id(&self, scan_id: i64) -> Result<Option<i64>, StoreError> {
        sqlx::query_scalar("SELECT customer_id FROM scans WHERE id = ?")
            .bind(scan_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NoSuchScan(scan_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("atoll.db")).await.unwrap();
        (dir, store)
    }

    fn draft(name: &str) -> CustomerDraft {
        CustomerDraft {
            name: name.into(),
            access: AccessKind::Role,
            profile: Some("partner-base".into()),
            role_arn: Some("arn:aws:iam::123456789012:role/AtollReview".into()),
            external_id: Some("sow-42".into()),
            regions: vec!["eu-west-1".into(), "us-east-1".into()],
            contact: "Ana <ana@example.com>".into(),
            sow_reference: "SOW-2026-042".into(),
            notes: "Quarterly review".into(),
            organization: Some(OrganizationProfile {
                member_role: "AtollReadOnly".into(),
                member_external_id: Some("acme-audit".into()),
                include_ous: vec!["Workloads/Prod".into()],
                exclude_ous: vec!["Sandbox".into()],
                accounts: vec![],
                exclude_accounts: vec!["333333333333".into()],
            }),
            workload_tags: vec!["Application=payments".into()],
        }
    }

    #[tokio::test]
    async fn customers_are_created_edited_and_deleted() {
        let (_dir, store) = store().await;
        let id = store.create_customer(&draft("Acme")).await.unwrap();
        let read = store.customer(id).await.unwrap();
        assert_eq!(read.profile, draft("Acme"));
        assert_eq!(read.scans, 0);

        let mut edited = draft("Acme Corp");
        edited.access = AccessKind::Sso;
        edited.role_arn = None;
        edited.organization = None;
        edited.workload_tags = vec![];
        store.update_customer(id, &edited).await.unwrap();
        assert_eq!(store.customer(id).await.unwrap().profile, edited);

        store.create_customer(&draft("Beta")).await.unwrap();
        assert!(matches!(
            store.create_customer(&draft("Beta")).await,
            Err(StoreError::DuplicateCustomer(name)) if name == "Beta"
        ));
        let names: Vec<String> = store
            .customers()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.profile.name)
            .collect();
        assert_eq!(names, ["Acme Corp", "Beta"]);

        store.delete_customer(id).await.unwrap();
        assert!(matches!(
            store.customer(id).await,
            Err(StoreError::NoSuchCustomer(_))
        ));
    }

    #[tokio::test]
    async fn settings_round_trip() {
        let (_dir, store) = store().await;
        assert_eq!(store.setting::<f64>("x").await.unwrap(), None);
        store.set_setting("x", &45.0).await.unwrap();
        store.set_setting("x", &50.0).await.unwrap();
        assert_eq!(store.setting::<f64>("x").await.unwrap(), Some(50.0));
    }
}
