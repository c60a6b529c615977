// Typed calls of the Tauri commands (src-tauri/src/commands.rs). The types
// come from bindings.ts, generated from the Rust types.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AwsProfile,
  CallerIdentity,
  Comparison,
  CreditThreshold,
  Customer,
  CustomerDraft,
  FieldError,
  IpcError,
  OrganizationCheck,
  ReportBranding,
  ScanEvent,
  ScanFindings,
  ScanOverview,
  ScanRecord,
  StoredSuppression,
  SuppressionRequest,
} from "./bindings";

/** Every command rejects with the `{code, message, fields}` shape. */
export function asIpcError(e: unknown): IpcError {
  if (e && typeof e === "object" && "code" in e && "message" in e) return e as IpcError;
  return { code: "store", message: String(e), fields: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asIpcError(e);
  }
}

export const api = {
  startDesk: () => call<Customer[]>("start_desk"),
  openDemoCustomer: () => call<Customer>("open_demo_customer"),
  listCustomers: () => call<Customer[]>("list_customers"),
  validateCustomer: (draft: CustomerDraft) => call<FieldError[]>("validate_customer", { draft }),
  saveCustomer: (id: number | null, draft: CustomerDraft) => call<Customer>("save_customer", { id, draft }),
  deleteCustomer: (id: number) => call<void>("delete_customer", { id }),
  awsProfiles: () => call<AwsProfile[]>("aws_profiles"),
  awsRegions: () => call<string[]>("aws_regions"),
  testConnection: (draft: CustomerDraft) => call<CallerIdentity>("test_connection", { draft }),
  testOrganization: (draft: CustomerDraft) => call<OrganizationCheck>("test_organization", { draft }),
  startScan: (customerId: number, onEvent: (event: ScanEvent) => void) => {
    const channel = new Channel<ScanEvent>();
    channel.onmessage = onEvent;
    return call<number>("start_scan", { customerId, onEvent: channel });
  },
  cancelScan: () => call<boolean>("cancel_scan"),
  listScans: (customerId: number) => call<ScanRecord[]>("list_scans", { customerId }),
  scanOverview: (scanId: number) => call<ScanOverview>("scan_overview", { scanId }),
  scanFindings: (scanId: number) => call<ScanFindings>("scan_findings", { scanId }),
  compareScans: (baseline: number, later: number) => call<Comparison>("compare_scans", { baseline, later }),
  suppressFinding: (request: SuppressionRequest) => call<number>("suppress_finding", { request }),
  listSuppressions: (customerId: number) => call<StoredSuppression[]>("list_suppressions", { customerId }),
  deleteSuppression: (id: number) => call<void>("delete_suppression", { id }),
  creditThreshold: () => call<CreditThreshold>("credit_threshold"),
  setCreditThreshold: (threshold: CreditThreshold) => call<void>("set_credit_threshold", { threshold }),
  reportBranding: () => call<ReportBranding>("report_branding"),
  setReportBranding: (branding: ReportBranding) => call<void>("set_report_branding", { branding }),
  /** The scan a report or dashboard of this one is compared against: the
   * customer's latest completed scan before it (a use case in Rust). */
  reportBaseline: (scanId: number) => call<number | null>("report_baseline", { scanId }),
  exportReport: (scanId: number, baseline: number | null) =>
    call<string>("export_report", { scanId, baseline }),
};
