import CaseStore
import Foundation

/// A PDF of a document, made by LibreOffice Writer where it is installed.
///
/// The document (a Flat ODT, one XML file) is written into a private directory of its own (0700,
/// with a LibreOffice profile of its own, so a colleague's open LibreOffice is neither used nor
/// disturbed), converted there, and the PDF written to its place as a private file (0600); the
/// directory, the document and the profile are removed whether it worked or not.
public enum PDFExport {
    public enum Failure: Error, Equatable {
        /// The converter ended without a PDF (its exit status, and what it said last).
        case notConverted(status: Int32, said: String)
        /// It took longer than `timeLimit` and was stopped.
        case tooSlow
        case cannotRun(String)
    }

    /// How long a conversion may take (LibreOffice's first start makes its profile).
    public static let timeLimit: TimeInterval = 120

    /// The `soffice` found on `PATH` whose installation holds Writer (a Calc-only LibreOffice
    /// cannot make a text document's PDF), or nil.
    public static func converter(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for directory in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/soffice"
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            let program =
                (try? FileManager.default.destinationOfSymbolicLink(atPath: candidate)).map {
                    $0.hasPrefix("/") ? $0 : "\(directory)/\($0)"
                } ?? candidate
            let installation = (program as NSString).deletingLastPathComponent
            if FileManager.default.fileExists(atPath: installation + "/libswlo.so") { return candidate }
        }
        return nil
    }

    /// Converts `document` (Flat ODT) and writes the PDF to `path` (0600), in at most `limit`.
    public static func write(_ document: String, to path: String, converter: String, limit: TimeInterval = timeLimit)
        throws(Failure)
    {
        removeStale()
        var template = Array((NSTemporaryDirectory() + "/schakel-pdf-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw .cannotRun(String(cString: strerror(errno))) }
        let work = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let source = work + "/summary.fodt"
        do throws(StoreError) { try PrivateFile.write(Array(document.utf8), to: source) } catch {
            throw .cannotRun(error.message)
        }
        // What LibreOffice says goes to a file, never a pipe it could fill and block on. Foundation
        // starts it as the leader of a process group of its own, so it and everything it starts
        // can be stopped at once.
        let said = work + "/said.txt"
        guard FileManager.default.createFile(atPath: said, contents: nil, attributes: [.posixPermissions: 0o600]),
            let output = FileHandle(forWritingAtPath: said)
        else { throw .cannotRun("cannot write in \(work)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = [
            "-env:UserInstallation=file://" + work + "/profile", "--headless", "--norestore", "--nologo",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", work, source,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = work
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .cannotRun(error.localizedDescription) }
        try? output.close()
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            stop(process)
            throw .tooSlow
        }
        // Anything it left running (a stray helper) goes with it.
        kill(-process.processIdentifier, SIGKILL)
        guard let pdf = FileManager.default.contents(atPath: work + "/summary.pdf"),
            pdf.starts(with: Array("%PDF".utf8))
        else {
            let text = (try? String(contentsOfFile: said, encoding: .utf8)) ?? ""
            let last = text.split(separator: "\n").last.map(String.init) ?? ""
            throw .notConverted(status: process.terminationStatus, said: last)
        }
        do throws(StoreError) { try PrivateFile.write(Array(pdf), to: path) } catch {
            throw .cannotRun(error.message)
        }
    }

    /// Stops the converter and what it started: TERM, then KILL after a moment; waits a bounded time.
    private static func stop(_ process: Process) {
        let target = -process.processIdentifier
        kill(target, SIGTERM)
        let soon = Date().addingTimeInterval(2)
        while process.isRunning && Date() < soon { Thread.sleep(forTimeInterval: 0.05) }
        kill(target, SIGKILL)
        let end = Date().addingTimeInterval(3)
        while process.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.05) }
    }

    /// Working directories of conversions that never finished (the process was killed before it
    /// could clean up) hold a summary in plain text: removed when older than ten minutes.
    static func removeStale() {
        let folder = NSTemporaryDirectory()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix("schakel-pdf-") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == getuid(),
                let modified = attributes[.modificationDate] as? Date, modified < Date(timeIntervalSinceNow: -600)
            else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
