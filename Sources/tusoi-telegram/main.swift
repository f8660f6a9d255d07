import Foundation
import TusoiBridge

let code = await BridgeCommand.run(
    .telegram, arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment)
exit(code)
