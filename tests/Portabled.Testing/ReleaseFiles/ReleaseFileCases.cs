// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Portabled.Testing.ReleaseFiles;

/// <summary>
/// The tricky os-release files of release-files.txt (the table make-images.sh also reads), decoded the
/// way printf(1) %b decodes them, and the images and golden transcripts made from them.
/// </summary>
public static partial class ReleaseFileCases
{
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Content)>> s_all = new(Load);

    private static readonly Lazy<string> s_images = new(() =>
    {
        string dir = Path.Join(Path.GetTempPath(), $"portabled-release-files-{Environment.ProcessId}");
        ProcessRunner.RunChecked(Path.Join(Folder, "make-images.sh"), dir, "--raw");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return dir;
    });

    private static readonly Lazy<Dictionary<string, DissectAnswer>> s_dissect262 =
        new(() => DissectAnswer.ParseTranscript(Golden("golden-v262-dissect.txt")));

    private static readonly Lazy<Dictionary<string, DissectAnswer>> s_hostDissect = new(() => DissectAnswer.ParseTranscript(
        ProcessRunner.RunChecked("unshare", "-m", Path.Join(Folder, "dissect-cases.sh"), Images)));

    /// <summary>Every case, in table order.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> All => s_all.Value;

    /// <summary>The case names, for [MemberData].</summary>
    public static TheoryData<string> Names => [.. All.Select(c => c.Name)];

    /// <summary>
    /// The images of make-images.sh --raw, built once per test run: NAME/ (a directory image whose
    /// /usr/lib/os-release is the case) and NAME.raw (a naked squashfs of it) for every case.
    /// </summary>
    public static string Images => s_images.Value;

    /// <summary>The folder of the table, its scripts and its golden files (copied beside the test assemblies).</summary>
    public static string Folder => Path.Join(AppContext.BaseDirectory, "ReleaseFiles");

    /// <summary>What the real systemd-dissect 262 showed for each case (golden-v262-dissect.txt).</summary>
    public static IReadOnlyDictionary<string, DissectAnswer> Dissect262 => s_dissect262.Value;

    /// <summary>What the host's systemd-dissect shows for each case (run once; needs root, unshare and mksquashfs).</summary>
    public static IReadOnlyDictionary<string, DissectAnswer> HostDissect => s_hostDissect.Value;

    /// <summary>The bytes of case <paramref name="name"/>.</summary>
    public static byte[] Content(string name) => All.Single(c => string.Equals(c.Name, name, StringComparison.Ordinal)).Content;

    /// <summary>A golden file of this folder (recorded from a real systemd by scripts/record-release-files).</summary>
    public static string Golden(string fileName) => File.ReadAllText(Path.Join(Folder, fileName));

    /// <summary>Decodes printf(1)'s %b escapes (\n \r \t \v \f \\ \0NNN \xHH) and the table's {N*C} runs.</summary>
    public static byte[] Decode(string text)
    {
        text = RunRegex().Replace(text, m => new string(m.Groups[2].Value[0], int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        var bytes = new List<byte>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                continue;
            }

            char e = text[++i];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'v': bytes.Add((byte)'\v'); break;
                case 'f': bytes.Add((byte)'\f'); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '0':
                    int octal = 0, digits = 0;
                    while (digits < 3 && i + 1 < text.Length && text[i + 1] is >= '0' and <= '7')
                    {
                        octal = (octal * 8) + (text[++i] - '0');
                        digits++;
                    }

                    bytes.Add((byte)octal);
                    break;
                case 'x':
                    int hex = 0, hexDigits = 0;
                    while (hexDigits < 2 && i + 1 < text.Length && char.IsAsciiHexDigit(text[i + 1]))
                    {
                        hex = (hex * 16) + Convert.ToInt32(text[++i].ToString(), 16);
                        hexDigits++;
                    }

                    bytes.Add((byte)hex);
                    break;
                default:
                    // printf keeps an unknown escape as written.
                    bytes.Add((byte)'\\');
                    bytes.AddRange(Encoding.UTF8.GetBytes(e.ToString()));
                    break;
            }
        }

        return [.. bytes];
    }

    private static List<(string Name, byte[] Content)> Load()
    {
        var cases = new List<(string, byte[])>();
        foreach (string line in File.ReadAllLines(Path.Join(Folder, "release-files.txt")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            cases.Add(tab < 0 ? (line, []) : (line[..tab], Decode(line[(tab + 1)..])));
        }

        return cases;
    }

    [GeneratedRegex(@"\{([0-9]+)\*(.)\}")]
    private static partial Regex RunRegex();
}
