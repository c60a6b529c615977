//! The IPC commands: each one turns its arguments into a call of one
//! `atoll_app` use case and its result into JSON. No business logic here.

use atoll_app::customers::{self, FieldError};
use atoll_app::settings::{self, CreditThreshold, ReportBranding};
use atoll_app::suppressions::{self, SuppressionRequest};
use atoll_app::{
    AwsProfile, CallerIdentity, Comparison, Customer, CustomerDraft, OrganizationCheck, ScanEvent,
    ScanFindings, ScanOverview, ScanRecord, StoredSuppression,
};
use chrono::Utc;
use tauri::ipc::Channel;
use tauri::{Manager, State};

use crate::error::{ErrorCode, IpcError, IpcResult};
use crate::memory;
use crate::startup::StartupFailure;
use crate::state::AppState;

/// First call of the UI: the customers, with the demo customer created
/// when there is none.
#[tauri::command]
pub async fn start_desk(app: tauri::AppHandle) -> IpcResult<Vec<Customer>> {
    // The app could not start: say why (the only command registered then).
    if let Some(failure) = app.try_state::<StartupFailure>() {
        return Err(IpcError::new(ErrorCode::StartupFailed, failure.0.clone()));
    }
    let state = app.state::<AppState>();
    customers::offer_demo_customer(&state.store, &state.rules, Utc::now())
        .await
        .map_err(|e| IpcError::new(ErrorCode::Store, e.to_string()))?;
    Ok(customers::list_customers(&state.store).await?)
}

#[tauri::command]
pub async fn open_demo_customer(state: State<'_, AppState>) -> IpcResult<Customer> {
    customers::open_demo_customer(&state.store, &state.rules, Utc::now())
        .await
        .map_err(|e| IpcError::new(ErrorCode::Store, e.to_string()))
}

#[tauri::command]
pub async fn list_customers(state: State<'_, AppState>) -> IpcResult<Vec<Customer>> {
    Ok(customers::list_customers(&state.store).await?)
}

#[tauri::command]
pub fn validate_customer(draft: CustomerDraft) -> Vec<FieldError> {
    customers::validate_customer(&draft)
}

#[tauri::command]
pub async fn save_customer(
    state: State<'_, AppState>,
    id: Option<i64>,
    draft: CustomerDraft,
) -> IpcResult<Customer> {
    Ok(customers::save_customer(&state.store, id, &draft).await?)
}

#[tauri::command]
pub async fn delete_customer(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    Ok(customers::delete_customer(&state.store, id).await?)
}

#[tauri::command]
pub fn aws_profiles() -> Vec<AwsProfile> {
    customers::aws_profiles()
}

#[tauri::command]
pub fn aws_regions() -> Vec<String> {
    customers::AWS_REGIONS
        .iter()
        .map(|r| r.to_string())
        .collect()
}

#[tauri::command]
pub async fn test_connection(draft: CustomerDraft) -> IpcResult<CallerIdentity> {
    Ok(customers::test_connection(&draft).await?)
}

/// "Test connection" of an organization review: the accounts it covers and
/// which member roles could be assumed.
#[tauri::command]
pub async fn test_organization(draft: CustomerDraft) -> IpcResult<OrganizationCheck> {
    Ok(customers::test_organization(&draft).await?)
}

/// Runs a scan of the customer; progress goes to `on_event`. Returns the
/// new scan's id when it completes.
#[tauri::command]
pub async fn start_scan(
    state: State<'_, AppState>,
    customer_id: i64,
    on_event: Channel<ScanEvent>,
) -> IpcResult<i64> {
    let request = customers::customer_scan_request(&state.store, customer_id).await?;
    let cancel = state.begin_scan()?;
    let store = state.store.clone();
    let rules = state.rules.clone();
    // The scan is driven on a blocking-pool thread with `Handle::block_on`,
    // which (unlike `spawn`) does not need the scan future to be `Send`:
    // rustc cannot prove that for the collectors' futures (a known limit of
    // its higher-ranked lifetime check), and the CLI never needed it.
    let runtime = tokio::runtime::Handle::current();
    let scan = tauri::async_runtime::spawn_blocking(move || {
        let progress = move |event: ScanEvent| {
            // A closed window is no reason to stop the scan.
            let _ = on_event.send(event);
        };
        runtime.block_on(atoll_app::run_scan(
            &store, &rules, &request, &progress, &cancel,
        ))
    });
    let outcome = scan.await;
    state.end_scan();
    memory::release_soon();
    match outcome {
        Ok(result) => Ok(result?),
        Err(e) => Err(IpcError::new(
            ErrorCode::Store,
            format!("the scan task stopped: {e}"),
        )),
    }
}

#[tauri::command]
pub fn cancel_scan(state: State<'_, AppState>) -> bool {
    state.cancel_scan()
}

#[tauri::command]
pub async fn list_scans(
    state: State<'_, AppState>,
    customer_id: i64,
) -> IpcResult<Vec<ScanRecord>> {
    Ok(customers::customer_scans(&state.store, customer_id).await?)
}

#[tauri::command]
pub async fn scan_overview(state: State<'_, AppState>, scan_id: i64) -> IpcResult<ScanOverview> {
    Ok(atoll_app::scan_overview(&state.store, scan_id, Utc::now()).await?)
}

/// The scan a dashboard or report of `scan_id` is compared against: the
/// customer's latest completed scan before it, if any.
#[tauri::command]
pub async fn report_baseline(state: State<'_, AppState>, scan_id: i64) -> IpcResult<Option<i64>> {
    Ok(atoll_app::report::default_baseline(&state.store, scan_id).await?)
}

#[tauri::command]
pub async fn scan_findings(state: State<'_, AppState>, scan_id: i64) -> IpcResult<ScanFindings> {
    let findings = atoll_app::scan_findings(&state.store, scan_id, Utc::now()).await?;
    memory::release_soon();
    Ok(findings)
}

#[tauri::command]
pub async fn compare_scans(
    state: State<'_, AppState>,
    baseline: i64,
    later: i64,
) -> IpcResult<Comparison> {
    let comparison =
        atoll_app::compare_scans(&state.store, &state.rules, baseline, later, Utc::now()).await?;
    memory::release_soon();
    Ok(comparison)
}

#[tauri::command]
pub async fn suppress_finding(
    state: State<'_, AppState>,
    request: SuppressionRequest,
) -> IpcResult<i64> {
    Ok(suppressions::suppress_finding(&state.store, &request, Utc::now()).await?)
}

#[tauri::command]
pub async fn list_suppressions(
    state: State<'_, AppState>,
    customer_id: i64,
) -> IpcResult<Vec<StoredSuppression>> {
    Ok(suppressions::customer_suppressions(&state.store, customer_id, Utc::now()).await?)
}

#[tauri::command]
pub async fn delete_suppression(state: State<'_, AppState>, id: i64) -> IpcResult<()> {
    Ok(suppressions::withdraw_suppression(&state.store, id).await?)
}

#[tauri::command]
pub async fn credit_threshold(state: State<'_, AppState>) -> IpcResult<CreditThreshold> {
    Ok(settings::credit_threshold(&state.store).await?)
}

#[tauri::command]
pub async fn set_credit_threshold(
    state: State<'_, AppState>,
    threshold: CreditThreshold,
) -> IpcResult<()> {
    Ok(settings::set_credit_threshold(&state.store, threshold).await?)
}

#[tauri::command]
pub async fn report_branding(state: State<'_, AppState>) -> IpcResult<ReportBranding> {
    Ok(settings::report_branding(&state.store).await?)
}

#[tauri::command]
pub async fn set_report_branding(
    state: State<'_, AppState>,
    branding: ReportBranding,
) -> IpcResult<()> {
    Ok(settings::set_report_branding(&state.store, &branding).await?)
}

/// Writes the client report (PDF + CSV) into the reports folder; returns
/// the PDF's path.
#[tauri::command]
pub async fn export_report(
    state: State<'_, AppState>,
    scan_id: i64,
    baseline: Option<i64>,
) -> IpcResult<String> {
    let path = atoll_app::report::export_report(
        &state.store,
        &state.rules,
        scan_id,
        baseline,
        &state.reports_dir,
        Utc::now(),
    )
    .await?;
    memory::release_soon();
    Ok(path.display().to_string())
}
