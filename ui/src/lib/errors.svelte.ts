// Errors of actions that have no place of their own in the view (selecting
// a customer, deleting one, cancelling a scan...): App shows them as
// dismissable banners above the view.
import { asIpcError } from "./api";

export interface ShownError {
  id: number;
  action: string | null;
  message: string;
}

let nextId = 1;

/** The errors shown, oldest first. */
export const errors: ShownError[] = $state([]);

/** Shows `e`'s message (an IpcError's, or the text of anything else); the
 * same error already shown is not repeated. */
export function showError(e: unknown, action: string | null = null): void {
  const message = asIpcError(e).message;
  if (errors.some((x) => x.message === message && x.action === action)) return;
  errors.push({ id: nextId++, action, message });
}

export function dismissError(id: number): void {
  const i = errors.findIndex((x) => x.id === id);
  if (i >= 0) errors.splice(i, 1);
}
