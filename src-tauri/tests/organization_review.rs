//! End-to-end: an organization review of the four-account organization
//! planted in moto (tests/moto/plant_organization.py), run by the `atoll`
//! CLI into a database the desktop app then opens (under Xvfb, through
//! WebDriver): the dashboard shows the accounts riskiest first, the one
//! whose role was refused as "not assessed" with the reason, and opening an
//! account shows that account's own scan. Screenshots:
//! tests/out/organization/ (the README's picture is copied from there).
//!
//! As in crates/atoll-cli/tests/organization.rs, the fault proxy refuses
//! AssumeRole into the sandbox account (moto assumes any role).

#[path = "../../crates/atoll-cli/tests/common/moto.rs"]
mod moto;
#[path = "../../crates/atoll-cli/tests/common/proxy.rs"]
mod proxy;
mod common {
    pub mod driver;
}

use std::path::Path;
use std::process::Command;

use common::driver::{Session, run_end_to_end};
use fantoccini::Locator;
use moto::{Moto, repo_root};
use proxy::FaultProxy;

#[test]
fn the_desktop_shows_an_organization_review_per_account() {
    run_end_to_end(the_desktop_shows_an_organization_review_per_account_once);
}

async fn the_desktop_shows_an_organization_review_per_account_once() {
    let moto = Moto::start();
    let org = moto.plant_script("plant_organization.py");
    let denied = org["denied"].as_str().unwrap();
    let proxy = FaultProxy::start(
        Some(&moto.endpoint),
        &[
            "--mode",
            "pass",
            "--deny-body",
            &format!("Action=AssumeRole&.*RoleArn=arn:aws:iam::{denied}:role/"),
        ],
    );
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("atoll.db");
    // The CLI binary of the same build (as tests/desktop.rs uses it).
    let atoll = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("atoll");
    let output = Command::new(&atoll)
        .args(["scan", "--endpoint-url", &proxy.endpoint])
        .args(["--regions", "eu-west-1", "--customer", "Acme Group"])
        .arg("--organization")
        .arg("--db")
        .arg(&db)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", atoll.display()));
    assert!(
        output.status.success(),
        "the review runs: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let s = Session::start(
        Path::new(env!("CARGO_BIN_EXE_atoll-desktop")),
        &[("ATOLL_DB", &db), ("ATOLL_REPORTS_DIR", work.path())],
        &repo_root().join("tests/out/organization"),
    )
    .await;
    let title = s.text("customer-title").await;
    if !title.contains("Acme Group") {
        s.client
            .find(Locator::XPath(
                "//nav[@data-testid='customer-list']//*[contains(normalize-space(.), 'Acme Group')]",
            ))
            .await
            .expect("Acme Group in the customer list")
            .click()
            .await
            .unwrap();
    }
    s.wait_text("customer-title", "the customer", |t| {
        t.contains("Acme Group")
    })
    .await;

    // The review's accounts, riskiest first: the refused one leads.
    s.by_id("accounts").await;
    let rows = s
        .client
        .find_all(Locator::Css("[data-testid='account-row']"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 4, "one row per account");
    assert_eq!(
        rows[0].attr("data-account").await.unwrap().as_deref(),
        Some(denied)
    );
    let why = s.text("account-not-assessed").await;
    assert!(
        why.contains("Not assessed") && why.contains("AccessDenied"),
        "{why}"
    );
    assert!(
        s.text("accounts-not-assessed")
            .await
            .contains("1 of 4 accounts could not be assessed")
    );
    s.screenshot("01-organization-dashboard").await;

    // Opening payments-prod shows its own scan, and leads back.
    let payments = org["accounts"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, a)| a["name"] == "payments-prod")
        .map(|(id, _)| id.clone())
        .unwrap();
    s.client
        .find(Locator::Css(&format!(
            "[data-account='{payments}'] [data-testid='open-account']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let banner = s
        .wait_text("account-of-review", "the account's own scan", |t| {
            t.contains("payments-prod")
        })
        .await;
    assert!(banner.contains("Workloads/Prod"), "{banner}");
    s.by_id("health-score").await;
    s.screenshot("02-account-dashboard").await;
    s.click("back-to-review").await;
    s.by_id("accounts").await;
    s.client.clone().close().await.unwrap();
}
