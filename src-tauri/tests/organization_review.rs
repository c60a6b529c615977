//! End-to-end: the partner sets up an organization review of the
//! four-account organization planted in moto
//! (tests/moto/plant_organization.py) in the desktop app (under Xvfb,
//! through WebDriver) — Test connection lists the accounts and which member
//! role answers — runs it, and the dashboard shows the accounts riskiest
//! first, the one whose role was refused as "not assessed" with the reason;
//! opening an account shows that account's own scan. Screenshots:
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
    // The management account's profile, as a partner's ~/.aws would hold
    // it; the proxy in front of moto stands in for AWS.
    let aws = work.path().join("aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("config"),
        format!(
            "[profile acme-management]\nregion = us-east-1\nendpoint_url = {}\n",
            proxy.endpoint
        ),
    )
    .unwrap();
    std::fs::write(
        aws.join("credentials"),
        "[acme-management]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .unwrap();

    let s = Session::start(
        Path::new(env!("CARGO_BIN_EXE_atoll-desktop")),
        &[
            ("AWS_CONFIG_FILE", &aws.join("config")),
            ("AWS_SHARED_CREDENTIALS_FILE", &aws.join("credentials")),
            ("ATOLL_DB", &db),
            ("ATOLL_REPORTS_DIR", work.path()),
        ],
        &repo_root().join("tests/out/organization"),
    )
    .await;

    // The partner sets the customer up as an organization review; Test
    // connection lists every account and whether its member role answers.
    s.wait_text("customer-title", "the demo customer", |t| {
        t.contains("(demo)")
    })
    .await;
    s.click("new-customer").await;
    s.type_into("customer-name", "Acme Group").await;
    s.select("customer-profile", "acme-management").await;
    s.click("region-eu-west-1").await;
    s.click("review-organization").await;
    s.type_into("member-role", "OrganizationAccountAccessRole")
        .await;
    s.by_id("member-role-warning").await;
    s.type_into("member-role", "AtollReadOnly").await;
    s.click("test-connection").await;
    s.wait_text("connection-result", "the organization's accounts", |t| {
        t.contains("3 of 4 accounts reachable")
    })
    .await;
    let checked = s
        .client
        .find_all(Locator::Css("[data-testid='check-account']"))
        .await
        .unwrap();
    assert_eq!(checked.len(), 4, "one row per account of the organization");
    let refused = s
        .client
        .find(Locator::Css(&format!(
            "[data-testid='check-account'][data-account='{denied}']"
        )))
        .await
        .expect("the sandbox account in the check");
    assert_eq!(
        refused.attr("data-assumed").await.unwrap().as_deref(),
        Some("false")
    );
    assert!(refused.text().await.unwrap().contains("AccessDenied"));
    s.screenshot("00-organization-customer").await;
    s.click("customer-save").await;
    s.wait_text("customer-title", "the new customer", |t| t == "Acme Group")
        .await;

    // The review runs from the dashboard, every account in turn.
    s.click("start-scan").await;
    s.by_id("scan-progress").await;
    s.wait_text("accounts-not-assessed", "the finished review", |t| {
        t.contains("1 of 4 accounts could not be assessed")
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

    // The review's explorer lists every account's findings with their
    // account, and narrows to one account.
    s.click("tab-findings").await;
    s.select("filter-account", &payments).await;
    s.wait_text("findings-count", "payments-prod's findings", |t| {
        let counts: Vec<u64> = t
            .split_whitespace()
            .filter_map(|w| w.replace(',', "").parse().ok())
            .collect();
        matches!(counts[..], [shown, total] if shown > 0 && shown < total)
    })
    .await;
    for row in s
        .client
        .find_all(Locator::Css("[data-testid='finding-row']"))
        .await
        .unwrap()
    {
        assert_eq!(
            row.attr("data-account").await.unwrap().as_deref(),
            Some(payments.as_str())
        );
    }
    s.wait_for("[data-testid='finding-row']")
        .await
        .click()
        .await
        .unwrap();
    assert!(s.text("finding-account").await.contains("payments-prod"));
    s.screenshot("03-organization-explorer").await;
    s.client.clone().close().await.unwrap();
}
