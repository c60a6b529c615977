//! End-to-end: the real desktop app, started on a file that is not an Atoll
//! database (under Xvfb, through WebDriver), opens its window and shows why
//! it cannot start in a dialog, and leaves the file as it was. Screenshot:
//! tests/out/startup-failure/.

mod common {
    pub mod driver;
}

use std::path::Path;

use common::driver::{Session, run_end_to_end};

fn repo_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn a_database_that_cannot_open_is_explained_in_a_dialog_and_left_as_it_is() {
    run_end_to_end(a_database_that_cannot_open_is_explained_in_a_dialog_and_left_as_it_is_once);
}

async fn a_database_that_cannot_open_is_explained_in_a_dialog_and_left_as_it_is_once() {
    let work = tempfile::tempdir().unwrap();
    // The partner pointed ATOLL_DB at a file of notes by mistake.
    let db = work.path().join("acme-notes.db");
    let notes = "Acme Fintech review: call on Tuesday, bring the SOW.\n".repeat(100);
    std::fs::write(&db, &notes).unwrap();

    let s = Session::start(
        Path::new(env!("CARGO_BIN_EXE_atoll-desktop")),
        &[("ATOLL_DB", &db), ("ATOLL_REPORTS_DIR", work.path())],
        &repo_root().join("tests/out/startup-failure"),
    )
    .await;
    s.by_id("startup-failure").await;
    let title = s.text("startup-failure").await;
    assert!(
        title.contains("Atoll could not open its database"),
        "{title}"
    );
    let why = s
        .wait_text(
            "startup-failure-message",
            "why the database did not open",
            |t| !t.is_empty(),
        )
        .await;
    assert!(why.contains(&db.display().to_string()), "{why}");
    assert!(
        why.contains("not an Atoll database, or it is damaged"),
        "{why}"
    );
    assert!(why.contains("move it aside"), "{why}");
    // WebKitWebDriver's screenshot did not return (seen on Xvfb, software
    // paint) for a page with nothing to scroll, which this one is; one pixel
    // more than the window makes it return and changes nothing else.
    s.client
        .execute(
            "document.body.style.minHeight = 'calc(100vh + 1px)'",
            vec![],
        )
        .await
        .unwrap();
    s.screenshot("startup-failure").await;

    // Nothing else of the app is shown.
    assert!(
        s.client
            .find(fantoccini::Locator::Css("[data-testid='customer-title']"))
            .await
            .is_err(),
        "no customer is open"
    );
    assert_eq!(
        std::fs::read_to_string(&db).unwrap(),
        notes,
        "the file is unchanged"
    );
    s.client.clone().close().await.unwrap();
}
