// libFuzzer target: any text through the questionnaire parser, its checks, and the flow graph.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuestionnaire(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = QuestionnaireParser.parse(text, file: "fuzz.txt")
    if let questionnaire = result.questionnaire {
        _ = questionnaire.steps(given: [:])
        _ = FlowGraph.render(questionnaire, format: .mermaid)
    }
    return 0
}
