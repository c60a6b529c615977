//! Atoll's desktop shell: opens the store and the rule catalogue, registers
//! the IPC commands, and starts the window. Everything else is in
//! `atoll_app`.

// A panic in the app is a lost review: errors are returned, and the few
// real invariants allow `expect` by name.
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod bindings;
mod commands;
pub mod error;
mod memory;
mod startup;
mod state;

use std::path::PathBuf;

use anyhow::Context;

pub use state::AppState;

/// Where the database is: `ATOLL_DB`, or the per-user data directory.
fn db_path() -> PathBuf {
    std::env::var_os("ATOLL_DB")
        .map(PathBuf::from)
        .unwrap_or_else(atoll_app::default_db_path)
}

/// Where exported reports go: `ATOLL_REPORTS_DIR`, or Documents/Atoll.
fn reports_dir() -> PathBuf {
    std::env::var_os("ATOLL_REPORTS_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::document_dir().map(|d| d.join("Atoll")))
        .unwrap_or_else(|| PathBuf::from("Atoll reports"))
}

/// Without a GPU (virtual machines, remote desktops, Xvfb), WebKitGTK's
/// accelerated compositing runs OpenGL in software (Mesa llvmpipe): on this
/// project's benchmark it cost the web process ~100 MB and made each repaint
/// of the findings table 4x slower than plain software painting. So when no
/// DRM render node exists, compositing is turned off, unless the user set
/// `WEBKIT_DISABLE_COMPOSITING_MODE` themselves.
#[cfg(target_os = "linux")]
fn paint_in_software_without_gpu() {
    const SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    let has_gpu = std::fs::read_dir("/dev/dri").is_ok_and(|devices| {
        devices
            .flatten()
            .any(|d| d.file_name().to_string_lossy().starts_with("renderD"))
    });
    if !has_gpu && std::env::var_os(SWITCH).is_none() {
        // SAFETY: called first thing in `run`, before any thread starts.
        unsafe { std::env::set_var(SWITCH, "1") };
    }
}

pub fn run() -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    paint_in_software_without_gpu();
    let db = db_path();
    let opened = tauri::async_runtime::block_on(async {
        let store = atoll_app::open_store(&db)
            .await
            .context("Atoll could not open its database")?;
        let rules = atoll_app::builtin_rules()
            .await
            .context("Atoll could not load its built-in rule catalogue")?;
        anyhow::Ok((store, rules))
    });
    let builder = tauri::Builder::default();
    let builder = match opened {
        Ok((store, rules)) => {
            with_commands(builder.manage(AppState::new(store, rules, reports_dir())))
        }
        Err(failure) => {
            let why = format!("{failure:#}");
            eprintln!("{why}");
            builder
                .manage(startup::StartupFailure(why))
                .invoke_handler(tauri::generate_handler![commands::start_desk])
        }
    };
    builder
        .run(tauri::generate_context!())
        .context("running the Atoll window")
}

/// The app's commands, over an [`AppState`].
fn with_commands(builder: tauri::Builder<tauri::Wry>) -> tauri::Builder<tauri::Wry> {
    builder.invoke_handler(tauri::generate_handler![
        commands::start_desk,
        commands::open_demo_customer,
        commands::list_customers,
        commands::validate_customer,
        commands::save_customer,
        commands::delete_customer,
        commands::aws_profiles,
        commands::aws_regions,
        commands::test_connection,
        commands::test_organization,
        commands::start_scan,
        commands::cancel_scan,
        commands::list_scans,
        commands::scan_overview,
        commands::scan_findings,
        commands::report_baseline,
        commands::compare_scans,
        commands::suppress_finding,
        commands::list_suppressions,
        commands::delete_suppression,
        commands::credit_threshold,
        commands::set_credit_threshold,
        commands::report_branding,
        commands::set_report_branding,
        commands::export_report,
    ])
}
