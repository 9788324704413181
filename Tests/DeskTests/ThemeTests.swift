import CaseModel
import Foundation
import Screen
import TestSupport
import Testing

@testable import Desk

@Suite("Colours that read on light and dark terminals")
struct ThemeTests {
    @Test(
        "Text on the terminal's own background is only red or magenta; other colours are backgrounds behind black or white text"
    )
    func readableEverywhere() {
        for style in Theme.all {
            if style.background == nil {
                #expect(style.foreground == nil || [.red, .magenta].contains(style.foreground!), "\(style)")
            } else {
                let dark: Set<Color> = [.blue, .red, .black]
                #expect(style.foreground == (dark.contains(style.background!) ? .white : .black), "\(style)")
            }
        }
    }
}
