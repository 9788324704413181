import CaseStore
import Foundation

// The commits' chain verified while the desk is idle, a slice at a time, and then the database's own
// check of every page, with the rest that keeps it to a fifth of a core.
extension DeskApp {
    /// How long the loop may wait for a key or the store: while the scrub goes on, until its next
    /// slice is due (at least 5 ms); otherwise as the store's watch says.
    func scrubWait(now: Int) -> Int {
        let watching = watch.timeoutMilliseconds(now: now)
        return scrubbing ? min(watching, max(5, nextScrubAt - now)) : watching
    }

    /// Verifies the next small slice of the commits' chain, while no key waits: every commit the
    /// snapshot covers is verified soon after opening, and what others write as it comes; then the
    /// database's own check of every page runs once in the background. A break stays in the status
    /// line (and `schakel check` says the rest).
    func scrubWhileIdle() {
        if let check = storageCheck, let problems = check.problems {
            storageCheck = nil
            if let problem = problems.first, state.storeDamage == nil {
                state.storeDamage = context.text(.storeDamaged, context.text.message(problem))
                draw()
            }
        }
        if !scrubbing, store.position > scrubbedTo { scrubbing = true }
        let started = Waiter.milliseconds()
        guard scrubbing, started >= nextScrubAt else { return }
        let slice = store.scrub(limit: 500)
        nextScrubAt = Waiter.milliseconds() + 4 * (Waiter.milliseconds() - started)
        switch slice {
        case .running(let position): scrubbedTo = position
        case .done:
            scrubbedTo = store.position
            scrubbing = false
            // Then, once, every page of the database (SQLite's own check), on a thread of its own.
            if !storageCheckStarted {
                storageCheckStarted = true
                storageCheck = store.checkStorageInBackground()
            }
        case .broken(.store):
            // The store could not be read just now (a connection gone): not damage; tried again
            // once the store moves on.
            scrubbing = false
        case .broken(let problem):
            scrubbing = false
            scrubbedTo = UInt64.max
            state.storeDamage = context.text(.storeDamaged, context.text.message(problem))
            draw()
        }
    }
}
