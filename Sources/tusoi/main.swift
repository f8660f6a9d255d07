import Foundation
import TusoiServer

exit(Tusoi.main(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
