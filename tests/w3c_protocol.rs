//! W3C SPARQL 1.1 Protocol and Service Description manifests, run once by `cargo test` (and so
//! by `.ci/run`). The full report (`PASS|FAIL id (detail)` per test, then the summary line
//! `w3c-protocol: N passed, M failed`) is printed with `--nocapture` and always written to
//! `target/tmp/w3c-protocol.txt`, where CI reads the count.

mod common;
mod conformance;

use conformance::check_manifest;
use std::path::Path;

/// Both manifests together hold 34 protocol tests and 3 service-description tests.
const EXPECTED_TESTS: usize = 37;

#[test]
fn w3c_sparql11_protocol_and_service_description() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/w3c");
    let reports =
        [check_manifest(&dir.join("protocol/manifest.ttl"), &[]), check_manifest(&dir.join("service-description/manifest.ttl"), &[])];
    let passed: usize = reports.iter().map(|r| r.passed).sum();
    let failures: Vec<&String> = reports.iter().flat_map(|r| &r.failures).collect();
    let summary = format!("w3c-protocol: {passed} passed, {} failed", failures.len());
    let mut text: String = reports.iter().flat_map(|r| &r.lines).map(|l| format!("{l}\n")).collect();
    text.push_str(&summary);
    text.push('\n');
    print!("{text}");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("w3c-protocol.txt");
    std::fs::write(&out, &text).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
    assert_eq!(reports.iter().map(|r| r.ignored).sum::<usize>(), 0, "no test is ignored");
    assert_eq!(
        reports.iter().map(conformance::Report::total).sum::<usize>(),
        EXPECTED_TESTS,
        "the manifests should yield {EXPECTED_TESTS} tests"
    );
    assert!(
        failures.is_empty(),
        "{} W3C protocol test(s) failed:\n{}",
        failures.len(),
        failures.iter().map(|f| f.as_str()).collect::<Vec<_>>().join("\n")
    );
}
