// Reading a file the user picked (the partner logo) for the IPC, which
// carries text: base64, as the Rust side stores it.

/** Base64 of `bytes`, built in chunks (one `fromCharCode` call per byte
 * would be slow, one call for all of them overflows the argument stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
