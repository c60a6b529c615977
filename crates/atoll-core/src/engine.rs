//! Rule evaluation: each rule's SQL runs read-only inside SQLite over a table
//! or view named `inventory` (one row per resource of one scan).
//!
//! Besides `inventory`, a rule query may read two temporary tables the engine
//! creates for each evaluation: `scan(account_id, collected_at)` (age-based
//! rules measure from `collected_at`, never from the wall clock) and
//! `scan_regions(region)` (the regions scanned, for "absent in a region" rules).
//!
//! A query returns one row per assessed resource with the columns
//! `resource_id`, `region`, `ok` (1 pass, 0 fail, NULL not assessed) and
//! `detail`, optionally `resource_type` (default: the rule's first type).
//! Wherever a type the rule reads was not collected (coverage not `ok`), the
//! rule is "not assessed" there: it never passes on missing data.
//!
//! A resource whose details could not all be read (its config carries
//! [`UNREADABLE_KEY`], a list of the calls that failed) is not assessed by
//! any rule that reports on it: a rule never passes or fails it on data the
//! collector did not get. The other resources of its type are assessed.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{AssertSqlSafe, Column, Connection, Executor, Row, SqlSafeStr, Statement};

use crate::model::{Coverage, GLOBAL_REGION, Outcome, Resource, RuleResult};
use crate::rule::{Rule, RuleProblem};
use crate::rule_clock::RuleClock;

/// The columns of the `inventory` table rules query.
pub const INVENTORY_COLUMNS: &str = "type, region, resource_id, arn, name, tags, config";

const INVENTORY_TABLE: &str = "CREATE TABLE inventory (
    type TEXT NOT NULL, region TEXT NOT NULL, resource_id TEXT NOT NULL,
    arn TEXT, name TEXT, tags TEXT NOT NULL DEFAULT '{}', config BLOB NOT NULL)";
const INVENTORY_INDEX: &str =
    "CREATE INDEX inventory_lookup ON inventory (type, region, resource_id)";

/// The config key a collector sets on a resource some of whose details it
/// could not read: a JSON array of `service:Operation: why` strings.
pub const UNREADABLE_KEY: &str = "AtollUnreadable";

/// The resource id given to the "not assessed" result of a whole region.
pub const WHOLE_REGION: &str = "*";

/// What a rule may know about the scan besides its inventory.
#[derive(Debug, Clone)]
pub struct ScanContext {
    pub account_id: String,
    /// RFC 3339, e.g. `2026-11-25T10:00:00Z`.
    pub collected_at: String,
    pub regions: Vec<String>,
    pub coverage: Vec<Coverage>,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("rule engine database error: {0}")]
    Sqlite(#[from] sqlx::Error),
    #[error("{0}")]
    BadResource(String),
}

/// Opens a private in-memory SQLite database holding `resources` as the
/// `inventory` table (rule test cases, benchmarks, bundled demo data).
pub async fn memory_inventory(resources: &[Resource]) -> Result<SqliteConnection, EngineError> {
    let mut conn =
        SqliteConnection::connect_with(&SqliteConnectOptions::new().in_memory(true)).await?;
    conn.execute(INVENTORY_TABLE).await?;
    conn.execute(INVENTORY_INDEX).await?;
    let mut tx = conn.begin().await?;
    for r in resources {
        let tags =
            serde_json::to_string(&r.tags).map_err(|e| EngineError::BadResource(e.to_string()))?;
        sqlx::query("INSERT INTO inventory (type, region, resource_id, arn, name, tags, config) VALUES (?, ?, ?, ?, ?, ?, jsonb(?))")
            .bind(&r.resource_type)
            .bind(&r.region)
            .bind(&r.resource_id)
            .bind(&r.arn)
            .bind(&r.name)
            .bind(tags)
            .bind(r.config.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(conn)
}

/// How long one rule's query may run. The whole catalogue evaluates 100,000
/// resources in about two seconds, so a rule still running after this is a
/// runaway (a recursive CTE that never ends, a cross join of big types): it
/// is stopped and reported, and the scan goes on.
pub const RULE_TIME_LIMIT: Duration = Duration::from_secs(30);

/// Evaluates `rules` over the `inventory` visible on `conn`, each rule's
/// query within [`RULE_TIME_LIMIT`].
///
/// A rule whose query fails at run time (e.g. on an unexpected document) or
/// runs past its time limit is reported as not assessed with the reason, and
/// the other rules still run.
pub async fn evaluate(
    conn: &mut SqliteConnection,
    rules: &[Rule],
    ctx: &ScanContext,
) -> Result<Vec<RuleResult>, EngineError> {
    evaluate_within(conn, rules, ctx, RULE_TIME_LIMIT).await
}

/// [`evaluate`] with a time limit of `limit` per rule.
pub async fn evaluate_within(
    conn: &mut SqliteConnection,
    rules: &[Rule],
    ctx: &ScanContext,
    limit: Duration,
) -> Result<Vec<RuleResult>, EngineError> {
    create_scan_tables(conn, ctx).await?;
    conn.execute("PRAGMA query_only = ON").await?;
    let clock = RuleClock::install(conn.lock_handle().await?, limit);
    let mut results = Vec::new();
    let mut outcome = Ok(());
    let arns = arn_index(conn).await?;
    let unreadable = unreadable_index(conn).await?;
    for rule in rules.iter().filter(|r| !r.info.manual) {
        clock.start();
        let evaluated = evaluate_rule(conn, &arns, rule, ctx, &clock, &mut results).await;
        clock.stop();
        if let Err(e) = evaluated {
            outcome = Err(e);
            break;
        }
    }
    conn.lock_handle().await?.remove_progress_handler();
    conn.execute("PRAGMA query_only = OFF").await?;
    mark_unreadable(&mut results, &unreadable);
    outcome.map(|()| results)
}

async fn create_scan_tables(
    conn: &mut SqliteConnection,
    ctx: &ScanContext,
) -> Result<(), sqlx::Error> {
    conn.execute(
        "DROP TABLE IF EXISTS temp.scan; DROP TABLE IF EXISTS temp.scan_regions;
         CREATE TEMP TABLE scan (account_id TEXT NOT NULL, collected_at TEXT NOT NULL);
         CREATE TEMP TABLE scan_regions (region TEXT NOT NULL PRIMARY KEY);",
    )
    .await?;
    sqlx::query("INSERT INTO temp.scan VALUES (?, ?)")
        .bind(&ctx.account_id)
        .bind(&ctx.collected_at)
        .execute(&mut *conn)
        .await?;
    for region in ctx.regions.iter().collect::<BTreeSet<_>>() {
        sqlx::query("INSERT INTO temp.scan_regions VALUES (?)")
            .bind(region)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Regions where some type the rule reads was not collected, with why.
fn uncovered_regions(rule: &Rule, coverage: &[Coverage]) -> BTreeMap<String, String> {
    let mut uncovered = BTreeMap::new();
    for entry in coverage {
        if !entry.status.is_assessable() && rule.resource_types.contains(&entry.resource_type) {
            let why = format!(
                "{} in {} not collected: {}{}",
                entry.resource_type,
                entry.region,
                entry.status,
                entry
                    .message
                    .as_deref()
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default()
            );
            uncovered.entry(entry.region.clone()).or_insert(why);
        }
    }
    uncovered
}

async fn evaluate_rule(
    conn: &mut SqliteConnection,
    arns: &ArnIndex,
    rule: &Rule,
    ctx: &ScanContext,
    clock: &RuleClock,
    results: &mut Vec<RuleResult>,
) -> Result<(), EngineError> {
    let primary_type = rule.resource_types[0].clone();
    let not_assessed = |region: &str, detail: String| RuleResult {
        rule_id: rule.info.id.clone(),
        resource_type: primary_type.clone(),
        region: region.to_string(),
        resource_id: WHOLE_REGION.to_string(),
        arn: None,
        outcome: Outcome::NotAssessed,
        detail,
    };
    let uncovered = uncovered_regions(rule, &ctx.coverage);
    if let Some(why) = uncovered.get(GLOBAL_REGION) {
        results.push(not_assessed(GLOBAL_REGION, why.clone()));
        return Ok(());
    }

    let own_type_column = has_type_column(conn, rule).await?;
    let sql = wrapped_query(rule, own_type_column);
    // Rule SQL is authored data, reviewed like code, and runs with query_only on.
    let mut query = sqlx::query(AssertSqlSafe(sql));
    if !own_type_column {
        query = query.bind(&primary_type);
    }
    let rows: String = match query.fetch_one(&mut *conn).await {
        Ok(row) => row.try_get(0)?,
        Err(sqlx::Error::Database(e)) => {
            let why = if clock.tripped() {
                format!(
                    "rule query stopped: it ran longer than the {} s limit per rule",
                    clock.limit().as_secs_f64()
                )
            } else {
                format!("rule query failed: {}", e.message())
            };
            results.push(not_assessed(GLOBAL_REGION, why));
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let rows: Vec<ResultRow> =
        serde_json::from_str(&rows).map_err(|e| EngineError::BadResource(e.to_string()))?;

    // One outcome per resource: any failing row fails it, details are joined.
    let mut index: HashMap<(&str, &str, &str), usize> = HashMap::with_capacity(rows.len());
    let mut per_resource: Vec<RuleResult> = Vec::with_capacity(rows.len());
    for row in &rows {
        let region = row.region.as_deref().unwrap_or_default();
        let resource_id = row.resource_id.as_deref().unwrap_or_default();
        let detail = row.detail.as_deref().unwrap_or_default();
        let outcome = match row.ok {
            Some(0) => Outcome::Fail,
            Some(_) => Outcome::Pass,
            None => Outcome::NotAssessed,
        };
        match index.entry((row.resource_type.as_ref(), region, resource_id)) {
            Entry::Occupied(seen) => merge(&mut per_resource[*seen.get()], outcome, detail),
            Entry::Vacant(slot) => {
                slot.insert(per_resource.len());
                per_resource.push(RuleResult {
                    rule_id: rule.info.id.clone(),
                    resource_type: row.resource_type.to_string(),
                    region: region.to_string(),
                    resource_id: resource_id.to_string(),
                    arn: arns
                        .get(row.resource_type.as_ref())
                        .and_then(|m| m.get(region))
                        .and_then(|m| m.get(resource_id))
                        .cloned(),
                    outcome,
                    detail: detail.to_string(),
                });
            }
        }
    }

    let blind = |region: &str| {
        uncovered.contains_key(region) || (region == GLOBAL_REGION && !uncovered.is_empty())
    };
    results.extend(per_resource.into_iter().filter(|r| !blind(&r.region)));
    for (region, why) in uncovered {
        results.push(not_assessed(&region, why));
    }
    Ok(())
}

/// One row of a rule's result, borrowed from the JSON document.
#[derive(serde::Deserialize)]
struct ResultRow<'a> {
    #[serde(borrow)]
    resource_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    region: Option<Cow<'a, str>>,
    ok: Option<i64>,
    #[serde(borrow)]
    detail: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resource_type: Cow<'a, str>,
}

/// ARNs by type, region and resource id, read once per evaluation.
type ArnIndex = HashMap<String, HashMap<String, HashMap<String, String>>>;

async fn arn_index(conn: &mut SqliteConnection) -> Result<ArnIndex, EngineError> {
    let all: String = sqlx::query_scalar(
        "SELECT json_group_array(json_array(type, region, resource_id, arn)) FROM inventory WHERE arn IS NOT NULL",
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<(String, String, String, String)> =
        serde_json::from_str(&all).map_err(|e| EngineError::BadResource(e.to_string()))?;
    let mut index = ArnIndex::new();
    for (resource_type, region, id, arn) in rows {
        index
            .entry(resource_type)
            .or_default()
            .entry(region)
            .or_default()
            .insert(id, arn);
    }
    Ok(index)
}

/// Why a resource's details could not all be read, by type, region and id.
type UnreadableIndex = HashMap<(String, String, String), String>;

async fn unreadable_index(conn: &mut SqliteConnection) -> Result<UnreadableIndex, EngineError> {
    let all: String = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT json_group_array(json_array(type, region, resource_id, json_extract(config, '$.{UNREADABLE_KEY}')))
         FROM inventory WHERE json_type(config, '$.{UNREADABLE_KEY}') = 'array'"
    )))
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<(String, String, String, Vec<serde_json::Value>)> =
        serde_json::from_str(&all).map_err(|e| EngineError::BadResource(e.to_string()))?;
    Ok(rows
        .into_iter()
        .map(|(resource_type, region, id, calls)| {
            let calls: Vec<String> = calls
                .iter()
                .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string))
                .collect();
            ((resource_type, region, id), calls.join("; "))
        })
        .collect())
}

/// Turns every result on a partly unreadable resource into "not assessed".
fn mark_unreadable(results: &mut [RuleResult], unreadable: &UnreadableIndex) {
    if unreadable.is_empty() {
        return;
    }
    for result in results.iter_mut() {
        let key = (
            result.resource_type.clone(),
            result.region.clone(),
            result.resource_id.clone(),
        );
        if let Some(why) = unreadable.get(&key) {
            result.outcome = Outcome::NotAssessed;
            result.detail = format!("details not readable: {why}");
        }
    }
}

fn merge(existing: &mut RuleResult, outcome: Outcome, detail: &str) {
    let rank = |o: Outcome| match o {
        Outcome::Fail => 2,
        Outcome::NotAssessed => 1,
        Outcome::Pass => 0,
    };
    if rank(outcome) > rank(existing.outcome) {
        existing.outcome = outcome;
        existing.detail = detail.to_string();
    } else if outcome == existing.outcome && !detail.is_empty() && !existing.detail.contains(detail)
    {
        existing.detail = format!("{}; {detail}", existing.detail);
    }
}

async fn query_columns(conn: &mut SqliteConnection, sql: &str) -> Result<Vec<String>, sqlx::Error> {
    let statement = conn
        .prepare(AssertSqlSafe(sql.to_string()).into_sql_str())
        .await?;
    Ok(statement
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect())
}

async fn has_type_column(conn: &mut SqliteConnection, rule: &Rule) -> Result<bool, sqlx::Error> {
    Ok(query_columns(conn, &rule.query)
        .await?
        .iter()
        .any(|c| c == "resource_type"))
}

/// Wraps a rule's query so every row carries the resource type and ARN.
fn wrapped_query(rule: &Rule, has_type_column: bool) -> String {
    let type_expr = if has_type_column {
        "CAST(r.resource_type AS TEXT)"
    } else {
        "?1"
    };
    // One JSON document per rule: fetching rows one by one costs more than
    // evaluating them.
    format!(
        "SELECT json_group_array(json_array(
                CAST(r.resource_id AS TEXT), CAST(r.region AS TEXT), r.ok <> 0,
                CAST(r.detail AS TEXT), {type_expr}))
         FROM ({query}\n) AS r",
        query = rule.query
    )
}

const REQUIRED_COLUMNS: [&str; 4] = ["resource_id", "region", "ok", "detail"];

/// Checks every rule's SQL against the inventory schema: it must compile, be
/// a single read-only SELECT, and return the required columns.
pub async fn validate_queries(rules: &[Rule]) -> Result<Vec<RuleProblem>, sqlx::Error> {
    let mut conn =
        SqliteConnection::connect_with(&SqliteConnectOptions::new().in_memory(true)).await?;
    conn.execute(INVENTORY_TABLE).await?;
    let empty = ScanContext {
        account_id: String::new(),
        collected_at: String::new(),
        regions: vec![],
        coverage: vec![],
    };
    create_scan_tables(&mut conn, &empty).await?;
    conn.execute("PRAGMA query_only = ON").await?;
    let mut problems = Vec::new();
    for rule in rules.iter().filter(|r| !r.info.manual) {
        let problem = |message: String| RuleProblem {
            file: rule.file.clone(),
            field: "query".into(),
            message,
        };
        let head = strip_sql_comments(&rule.query)
            .trim_start()
            .to_ascii_uppercase();
        if !(head.starts_with("SELECT") || head.starts_with("WITH")) {
            problems.push(problem(
                "must be a single SELECT (or WITH ... SELECT) statement".into(),
            ));
            continue;
        }
        match query_columns(&mut conn, &rule.query).await {
            Err(sqlx::Error::Database(e)) => {
                problems.push(problem(format!("SQL error: {}", e.message())))
            }
            Err(e) => return Err(e),
            Ok(columns) => {
                let missing: Vec<_> = REQUIRED_COLUMNS
                    .iter()
                    .filter(|c| !columns.iter().any(|n| n == *c))
                    .collect();
                if !missing.is_empty() {
                    problems.push(problem(format!(
                        "missing result column(s) {missing:?}; the query returns {columns:?}"
                    )));
                }
            }
        }
    }
    Ok(problems)
}

fn strip_sql_comments(sql: &str) -> String {
    sql.lines()
        .map(|line| line.split("--").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::CoverageStatus;
    use crate::rule::parse_rule;

    fn framework() -> Framework {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../rules/framework/well-architected.json"
        );
        Framework::from_json(path, &std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn rule(query: &str) -> Rule {
        let text = format!(
            r#"id = "test-rule"
title = "Test"
pillar = "reliability"
question = "REL10"
best_practices = ["REL10-BP01"]
risk = "high"
impact = "downtime"
domain = "database"
effort_hours = 1
description = "A rule used by the engine's own tests, long enough to be valid."
remediation = ["Fix it."]
references = ["https://docs.aws.amazon.com/"]
resource_types = ["AWS::RDS::DBInstance"]
query = """{query}"""

[[cases]]
expect = {{ a = "fail", b = "pass" }}
"#
        );
        parse_rule("test-rule.toml", &text, &framework()).unwrap()
    }

    fn db(id: &str, region: &str, config: serde_json::Value) -> Resource {
        Resource {
            resource_type: "AWS::RDS::DBInstance".into(),
            region: region.into(),
            resource_id: id.into(),
            arn: Some(format!("arn:aws:rds:{region}:1:db:{id}")),
            name: None,
            tags: Default::default(),
            config,
        }
    }

    fn ctx(coverage: Vec<Coverage>) -> ScanContext {
        ScanContext {
            account_id: "1".into(),
            collected_at: "2026-01-01T00:00:00Z".into(),
            regions: vec!["eu-west-1".into(), "us-east-1".into()],
            coverage,
        }
    }

    #[tokio::test]
    async fn several_rows_for_one_resource_make_one_result_and_a_failure_wins() {
        let r = rule(
            "SELECT resource_id, region, 1 AS ok, 'fine' AS detail FROM inventory
             UNION ALL SELECT resource_id, region, 0, 'broken' FROM inventory",
        );
        let mut conn = memory_inventory(&[db("db1", "eu-west-1", serde_json::json!({}))])
            .await
            .unwrap();
        let results = evaluate(&mut conn, &[r], &ctx(vec![])).await.unwrap();
        assert_eq!(results.len(), 1);
        assert_eq!(
            (results[0].outcome, results[0].detail.as_str()),
            (Outcome::Fail, "broken")
        );
        assert_eq!(
            results[0].arn.as_deref(),
            Some("arn:aws:rds:eu-west-1:1:db:db1"),
            "the ARN comes from the inventory"
        );
    }

    #[tokio::test]
    async fn a_region_whose_data_was_not_collected_is_not_assessed_even_where_rows_would_pass() {
        let r = rule("SELECT resource_id, region, 1 AS ok, '' AS detail FROM inventory");
        let resources = [
            db("db1", "eu-west-1", serde_json::json!({})),
            db("db2", "us-east-1", serde_json::json!({})),
        ];
        let mut conn = memory_inventory(&resources).await.unwrap();
        let denied = Coverage {
            service: "rds".into(),
            resource_type: "AWS::RDS::DBInstance".into(),
            region: "us-east-1".into(),
            status: CoverageStatus::AccessDenied,
            message: Some("AccessDenied".into()),
        };
        let results = evaluate(&mut conn, &[r], &ctx(vec![denied])).await.unwrap();
        let by_region: BTreeMap<_, _> = results
            .iter()
            .map(|r| (r.region.as_str(), (r.resource_id.as_str(), r.outcome)))
            .collect();
        assert_eq!(by_region["eu-west-1"], ("db1", Outcome::Pass));
        assert_eq!(by_region["us-east-1"], (WHOLE_REGION, Outcome::NotAssessed));
        assert!(results.iter().any(|r| r.detail.contains("access-denied")));
    }

    #[tokio::test]
    async fn a_resource_whose_details_were_not_readable_is_not_assessed_and_the_others_are() {
        let r = rule(
            "SELECT resource_id, region, config->>'$.MultiAZ' AS ok, 'multi-az' AS detail FROM inventory",
        );
        let resources = [
            db("db1", "eu-west-1", serde_json::json!({ "MultiAZ": false })),
            db(
                "db2",
                "eu-west-1",
                serde_json::json!({ "MultiAZ": false, UNREADABLE_KEY: ["rds:DescribeDBInstances: AccessDenied"] }),
            ),
            db("db3", "eu-west-1", serde_json::json!({ "MultiAZ": true })),
        ];
        let mut conn = memory_inventory(&resources).await.unwrap();
        let partial = Coverage {
            service: "rds".into(),
            resource_type: "AWS::RDS::DBInstance".into(),
            region: "eu-west-1".into(),
            status: CoverageStatus::Partial,
            message: Some("1 of 3 not readable".into()),
        };
        let results = evaluate(&mut conn, &[r], &ctx(vec![partial]))
            .await
            .unwrap();
        let by_id: BTreeMap<_, _> = results
            .iter()
            .map(|r| (r.resource_id.as_str(), (r.outcome, r.detail.as_str())))
            .collect();
        assert_eq!(by_id["db1"].0, Outcome::Fail);
        assert_eq!(by_id["db3"].0, Outcome::Pass);
        assert_eq!(by_id["db2"].0, Outcome::NotAssessed);
        assert!(
            by_id["db2"].1.contains("AccessDenied"),
            "{:?}",
            by_id["db2"]
        );
        assert_eq!(results.len(), 3, "a partial collection blinds no region");
    }

    #[tokio::test]
    async fn a_rule_that_fails_at_run_time_is_not_assessed_and_the_scan_goes_on() {
        let broken = rule(
            "SELECT resource_id, region, json_extract(resource_id || '{', '$.a') AS ok, '' AS detail FROM inventory",
        );
        let mut conn = memory_inventory(&[db("db1", "eu-west-1", serde_json::json!({}))])
            .await
            .unwrap();
        let results = evaluate(&mut conn, &[broken], &ctx(vec![])).await.unwrap();
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].outcome, Outcome::NotAssessed);
        assert!(
            results[0].detail.starts_with("rule query failed"),
            "{}",
            results[0].detail
        );
    }

    #[tokio::test]
    async fn a_runaway_rule_is_stopped_at_its_time_limit_and_the_next_rule_runs() {
        let mut runaway = rule(
            "WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever)
             SELECT resource_id, region, 1 AS ok, '' AS detail FROM inventory
             WHERE (SELECT max(n) FROM forever) > 0",
        );
        runaway.info.id = "runaway".into();
        let next = rule("SELECT resource_id, region, 1 AS ok, 'fine' AS detail FROM inventory");
        let mut conn = memory_inventory(&[db("db1", "eu-west-1", serde_json::json!({}))])
            .await
            .unwrap();
        let limit = Duration::from_millis(300);
        let started = std::time::Instant::now();
        let results = evaluate_within(&mut conn, &[runaway, next], &ctx(vec![]), limit)
            .await
            .unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
        let by_rule: BTreeMap<_, _> = results
            .iter()
            .map(|r| (r.rule_id.as_str(), (r.outcome, r.detail.as_str())))
            .collect();
        assert_eq!(by_rule["runaway"].0, Outcome::NotAssessed);
        assert!(
            by_rule["runaway"]
                .1
                .contains("ran longer than the 0.3 s limit"),
            "{:?}",
            by_rule["runaway"]
        );
        assert_eq!(by_rule["test-rule"], (Outcome::Pass, "fine"));
        // The connection is usable afterwards, and writable again.
        conn.execute("CREATE TEMP TABLE after_evaluation (x)")
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_rule_query_that_is_not_a_select_is_rejected_at_load() {
        let problems = validate_queries(&[rule("DELETE FROM inventory")])
            .await
            .unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "query");
        assert!(
            problems[0].message.contains("single SELECT"),
            "{}",
            problems[0].message
        );
    }
}
