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
    static let timeLimit: TimeInterval = 120

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

    /// Converts `document` (Flat ODT) and writes the PDF to `path` (0600).
    public static func write(_ document: String, to path: String, converter: String) throws(Failure) {
        var template = Array((NSTemporaryDirectory() + "/schakel-pdf-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw .cannotRun(String(cString: strerror(errno))) }
        let work = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let source = work + "/summary.fodt"
        do throws(StoreError) { try PrivateFile.write(Array(document.utf8), to: source) } catch {
            throw .cannotRun(error.message)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = [
            "-env:UserInstallation=file://" + work + "/profile", "--headless", "--norestore", "--nologo",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", work, source,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = work
        process.environment = environment
        let said = Pipe()
        process.standardOutput = said
        process.standardError = said
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .cannotRun(error.localizedDescription) }
        let deadline = Date().addingTimeInterval(timeLimit)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw .tooSlow
        }
        let output = String(decoding: said.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard let pdf = FileManager.default.contents(atPath: work + "/summary.pdf"),
            pdf.starts(with: Array("%PDF".utf8))
        else {
            let last = output.split(separator: "\n").last.map(String.init) ?? ""
            throw .notConverted(status: process.terminationStatus, said: last)
        }
        do throws(StoreError) { try PrivateFile.write(Array(pdf), to: path) } catch {
            throw .cannotRun(error.message)
        }
    }
}
