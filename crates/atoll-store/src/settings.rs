//! The partner's settings: one JSON value per key.

use serde::{Deserialize, Serialize};

use crate::{Store, StoreError, json, parse_json};

impl Store {
    /// A setting's JSON value, or None when never set.
    pub async fn setting<T: for<'de> Deserialize<'de>>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        value.map(|v| parse_json(&v, key)).transpose()
    }

    pub async fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(json(value))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
