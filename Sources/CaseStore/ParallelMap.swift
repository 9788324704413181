import Foundation

/// Maps a long batch on every core, keeping its order; the first failure (in order) is the error.
enum ParallelMap {
    static func map<T: Sendable, U: Sendable>(
        _ batch: [T], minimumPerPart: Int, _ transform: @Sendable (T) throws(StoreError) -> U
    ) throws(StoreError) -> [U] {
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, batch.count / max(1, minimumPerPart))
        guard parts > 1 else { return try batch.map { (item) throws(StoreError) in try transform(item) } }
        let size = (batch.count + parts - 1) / parts
        nonisolated(unsafe) var results = [Result<[U], StoreError>](repeating: .success([]), count: parts)
        results.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let range = (part * size)..<min(batch.count, (part + 1) * size)
                var done: [U] = []
                done.reserveCapacity(range.count)
                do throws(StoreError) {
                    for item in batch[range] { done.append(try transform(item)) }
                    slots[part] = .success(done)
                } catch {
                    slots[part] = .failure(error)
                }
            }
        }
        var all: [U] = []
        all.reserveCapacity(batch.count)
        for result in results { all += try result.get() }
        return all
    }
}
