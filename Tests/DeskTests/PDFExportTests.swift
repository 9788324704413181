import Foundation
import TestSupport
import Testing

@testable import Desk

/// The PDF converter as bad luck has it: one that says a great deal, and one that hangs with a
/// helper of its own. Neither blocks the conversion, nor outlives it.
@Suite("Making a PDF with a converter that misbehaves")
struct PDFExportTests {
    /// A stand-in for soffice: a shell script that finds `--outdir` among its arguments.
    private func converter(_ dir: TemporaryDirectory, _ body: String) throws -> String {
        let path = dir.path + "/soffice"
        let script = """
            #!/bin/sh
            out=""; prev=""
            for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done
            \(body)
            """
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(script.utf8), attributes: [.posixPermissions: 0o700])
        return path
    }

    @Test("A converter that prints 200 KB before it writes the PDF is not blocked on its output")
    func talkative() throws {
        let dir = TemporaryDirectory()
        let soffice = try converter(
            dir, "head -c 200000 /dev/zero | tr '\\\\0' 'x'\nprintf '%%PDF-1.4 fake' > \"$out/summary.pdf\"")
        let target = dir.path + "/out.pdf"
        try PDFExport.write("<doc/>", to: target, converter: soffice, limit: 20)
        #expect(
            String(decoding: FileManager.default.contents(atPath: target) ?? Data(), as: UTF8.self) == "%PDF-1.4 fake")
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o600)
    }

    @Test("A converter that hangs is stopped at its limit, with the helper it started")
    func hanging() throws {
        let dir = TemporaryDirectory()
        let mark = dir.path + "/helper.pid"
        let soffice = try converter(dir, "sleep 300 &\necho $! > \(mark)\nsleep 300")
        let started = Date()
        #expect(throws: PDFExport.Failure.tooSlow) {
            try PDFExport.write("<doc/>", to: dir.path + "/out.pdf", converter: soffice, limit: 1)
        }
        #expect(Date().timeIntervalSince(started) < 10, "stopped, not waited for")
        let helper =
            Int32(
                (try? String(contentsOfFile: mark, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                    ?? "") ?? 0
        #expect(helper > 0)
        Thread.sleep(forTimeInterval: 0.2)
        // Gone, or a zombie waiting for whoever adopted it to reap it: no longer running.
        let state = (try? String(contentsOfFile: "/proc/\(helper)/stat", encoding: .utf8))
            .flatMap { $0.split(separator: ")").last?.split(separator: " ").first.map(String.init) }
        #expect(state == nil || state == "Z", "the helper went with it (state \(state ?? "-"))")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out.pdf"))
    }
}
