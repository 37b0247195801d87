import ArgumentParsing
import Basics
import PackageArchive

extension AddonHost {
    /// `addonhost addon pack DIR --out FILE.(tgz|zip)`: a deterministic package archive.
    static var packCommand: CommandSpec {
        CommandSpec(
            "pack", abstract: "Pack a package folder into a .tgz or .zip archive (same folder, same bytes).",
            arguments: [ArgumentSpec("dir", help: "The package folder (holding app/addons/<id>/addon.xml).")],
            options: [
                OptionSpec(
                    "--out", valueName: "file", help: "The archive to write: FILE.tgz, FILE.tar.gz or FILE.zip."),
                .json,
            ],
            handler: { invocation in
                guard let directory = invocation.arguments.argument("dir") else { throw UsageError("missing <dir>") }
                guard let output = invocation.arguments.value("--out") else {
                    throw UsageError("missing --out FILE.(tgz|zip)")
                }
                guard let format = ArchiveWriter.Format(path: output) else {
                    throw UsageError("--out must end in .tgz, .tar.gz or .zip, not '\(output)'")
                }
                try ArchiveWriter.write(directory: directory, to: output, format: format)
                if invocation.wantsJSON {
                    invocation.output.printJSON(
                        .object([
                            ("ok", .bool(true)), ("archive", .string(output)), ("format", .string(format.rawValue)),
                        ]))
                } else {
                    invocation.output.print("Packed \(directory) into \(output)")
                }
                return 0
            })
    }
}
