//! What the store's tests share.

use std::path::Path;

/// Runs statements on the database file behind the store's back (another
/// process, an older or newer Atoll, a damaged file).
pub async fn raw_exec(path: &Path, sql: &str) {
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    conn.execute(sqlx::AssertSqlSafe(sql.to_string()))
        .await
        .unwrap();
    conn.close().await.unwrap();
}
