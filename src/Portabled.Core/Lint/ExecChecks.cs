// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Lint;

/// <summary>
/// The programs a service starts (docs/lint.md, "Programs"): each <c>ExecStart=</c> program exists in
/// the image (with extensions overlaid), an ELF program is built for the host's architecture and its
/// dynamic loader is in the image, a script's <c>#!</c> interpreter is in the image.
/// </summary>
internal static class ExecChecks
{
    // systemd's default search path for a bare program name (DEFAULT_PATH, split-usr included).
    private static readonly string[] s_searchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    public static void Check(LintContext context, ExtractedUnit unit, UnitSettings settings)
    {
        foreach (string line in settings.GetList("Service", "ExecStart"))
        {
            string? program = ProgramOf(line);
            if (program is null)
            {
                continue;
            }

            string subject = $"{unit.Name}: ExecStart=";
            (IReadOnlyFileSystem FileSystem, FileSystemNode Node)? found = program.StartsWith('/')
                ? context.Resolve(program)
                : s_searchPath.Select(dir => context.Resolve($"{dir}/{program}")).FirstOrDefault(r => r is not null);
            if (found is not { } file || file.Node.Type != FileType.RegularFile)
            {
                context.Add(LintChecks.ExecMissing, subject,
                    $"{unit.Name} starts '{program}', which is not a regular file in the image: PID 1 fails it at start (status 203/EXEC). Ship it, or fix the path.");
                continue;
            }

            ElfProgram elf = ElfProgram.Parse(LintContext.ReadHead(file.FileSystem, file.Node, ElfProgram.HeadSize));
            if (elf.IsElf && elf.Architecture != VersionPicker.HostArchitecture)
            {
                context.Add(LintChecks.ElfArchitecture, subject,
                    $"'{program}' is an ELF program for {elf.Architecture ?? $"machine {elf.Machine}"}, not for the host's {VersionPicker.HostArchitecture}: build the image for {VersionPicker.HostArchitecture}.");
            }
            else if (elf.Interpreter is { } interpreter && (context.Resolve(interpreter) is not { } loader || loader.Node.Type != FileType.RegularFile))
            {
                string what = elf.IsElf ? "its dynamic loader" : "its #! interpreter";
                context.Add(LintChecks.ElfInterpreter, subject,
                    $"'{program}' needs {what} '{interpreter}', which the image does not have: the service fails with 'No such file or directory' (status 203/EXEC). Ship it, or link the program statically.");
            }
        }
    }

    // The program of an ExecStart= line: after the special prefixes (@-:+!|), unquoted; null when it
    // holds a specifier or a variable, which only PID 1 can expand.
    private static string? ProgramOf(string line)
    {
        string rest = line.TrimStart('@', '-', ':', '+', '!', '|').TrimStart();
        if (rest.Length == 0)
        {
            return null;
        }

        string word = rest[0] is '"' or '\'' && rest.IndexOf(rest[0], 1) is int end and > 0 ? rest[1..end] : rest.Split([' ', '\t'], 2)[0];
        return word.Length == 0 || word.Contains('%', StringComparison.Ordinal) || word.Contains('$', StringComparison.Ordinal) ? null : word;
    }
}
