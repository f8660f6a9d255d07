import Foundation
import TusoiBridge

let code = await SharedBridgeCommand.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
