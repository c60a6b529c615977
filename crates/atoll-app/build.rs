// The rule catalogue is embedded with include_dir!, which cargo does not
// track: rebuild whenever a rule file changes.
fn main() {
    println!("cargo:rerun-if-changed=../../rules");
}
