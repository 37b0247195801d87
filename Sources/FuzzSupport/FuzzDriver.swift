import Foundation

/// Runs a fuzz target's executable. Built with `-sanitize=fuzzer -DFUZZING` (see `make fuzz`) it
/// hands the entry point to libFuzzer; built normally it replays the files and folders named on
/// the command line (seeds, saved crashes), so `swift build` needs no sanitizer and `make test`
/// can replay the regression fixtures cheaply.
public enum FuzzDriver {
    /// libFuzzer's `LLVMFuzzerTestOneInput`: one input, returns 0.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func main(_ testOneInput: TestOneInput) -> Never {
        #if FUZZING
            // SwiftPM links an executable's `main` to its `@main` type, so libFuzzer's own `main` is
            // never used; `LLVMFuzzerRunDriver` is its documented entry for programs with their own.
            var argc = CommandLine.argc
            var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
        #else
            exit(replay(CommandLine.arguments.dropFirst(), testOneInput))
        #endif
    }

    /// The bytes of one input; libFuzzer passes a null pointer for the empty input.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Runs every file given, folders recursively in name order. A crash ends the process right
    /// after the `Running:` line naming its input (as libFuzzer prints it).
    static func replay(_ paths: ArraySlice<String>, _ testOneInput: TestOneInput) -> Int32 {
        let tool = (CommandLine.arguments.first ?? "fuzz").split(separator: "/").last.map(String.init) ?? "fuzz"
        guard !paths.isEmpty else {
            FileHandle.standardError.write(
                Data("usage: \(tool) FILE|DIR...\nReplays inputs; build with make fuzz to fuzz.\n".utf8))
            return 64
        }
        var count = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("\(tool): cannot read \(file)\n".utf8))
                    return 1
                }
                print("Running: \(file)")
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer { testOneInput($0.baseAddress, $0.count) }
                count += 1
            }
        }
        print("\(tool): replayed \(count) input\(count == 1 ? "" : "s") without a crash")
        return 0
    }

    private static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let names = (FileManager.default.subpaths(atPath: path) ?? []).sorted()
        return names.map { path + "/" + $0 }.filter { file in
            var isFolder: ObjCBool = false
            let hidden = file.split(separator: "/").last?.hasPrefix(".") ?? true
            return !hidden && FileManager.default.fileExists(atPath: file, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
    }
}

#if FUZZING
    /// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size))`
    /// from compiler-rt's FuzzerInterface.h.
    @_extern(c, "LLVMFuzzerRunDriver")
    private func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: FuzzDriver.TestOneInput
    ) -> CInt
#endif
