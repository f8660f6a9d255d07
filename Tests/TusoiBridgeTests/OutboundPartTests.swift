import Foundation
import Testing
import TusoiWire

@testable import TusoiBridge

@Suite("Replies as the messenger's messages")
struct OutboundPartTests {
    static let telegram = ChannelCapabilities(maxTextLength: 4096, buttons: true, documents: true)
    static let plain = ChannelCapabilities(maxTextLength: 200, buttons: false, documents: false)
    static let buttons = [
        WireButton(label: "Có", data: "a/6/yes"), WireButton(label: "Không", data: "a/6/no"),
    ]

    @Test("buttons go under the last piece of a split text")
    func buttonsLast() {
        let text = String(repeating: "Một câu. ", count: 500)
        let parts = OutboundPart.parts(for: [.text(text, buttons: Self.buttons)], on: Self.telegram)
        #expect(parts.count == 2)
        #expect(parts.first == .text(TextSplitter.split(text, limit: 4096)[0], buttons: []))
        if case .text(_, let buttons) = parts.last {
            #expect(buttons == Self.buttons)
        } else {
            Issue.record("no text")
        }
    }

    @Test("without buttons, or with data over 64 bytes, the options are numbered in the text")
    func numbered() {
        let numbered = OutboundPart.text("Vi phạm?\n\n1. Có\n2. Không", buttons: [])
        #expect(
            OutboundPart.parts(for: [.text("Vi phạm?", buttons: Self.buttons)], on: Self.plain) == [numbered])
        let long = [WireButton(label: "Có", data: String(repeating: "x", count: 65)), Self.buttons[1]]
        #expect(OutboundPart.parts(for: [.text("Vi phạm?", buttons: long)], on: Self.telegram) == [numbered])
    }

    @Test("a document is a file where files can be sent, else its text")
    func documents() {
        let document = WireDocument(
            name: "ban.md", mediaType: "text/markdown", contents: Data("# Bản tự kiểm điểm".utf8))
        #expect(OutboundPart.parts(for: [.document(document)], on: Self.telegram) == [.document(document)])
        #expect(
            OutboundPart.parts(for: [.document(document)], on: Self.plain) == [
                .text("# Bản tự kiểm điểm", buttons: [])
            ])
    }
}
