// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Output;
using Portabled.Ctl.Verbs;

namespace Portabled.Ctl.Help;

/// <summary>
/// --help laid out as systemd 262's generated help (docs/portablectl.md, "Help"): the synopsis,
/// the abstract wrapped to at most 80 columns, a "Commands:" and an "Options:" table whose first
/// columns are equally wide, and the man page (a hyperlink on capable terminals). On terminals
/// narrower than 100 columns long verb synopses are broken over lines.
/// </summary>
internal static class HelpText
{
    private const string Abstract = "Attach or detach portable services in the local system.";
    private const int SynopsisWidthSane = 25;

    public static void Print(CtlContext context)
    {
        context.OpenPager();
        var output = new StringBuilder();
        output.Append($"{Ansi.Grey}>{Ansi.Normal} {context.Program} [OPTION…] COMMAND …\n\n");
        foreach (string line in Rebreak(Abstract, Math.Min(Terminal.Columns, 80)))
        {
            output.Append($"{Ansi.Highlight}{Ansi.AddItalics}{line}{Ansi.Normal}\n");
        }

        TextTable verbs = VerbsTable(), options = OptionsTable();
        int first = Math.Max(verbs.NaturalWidth(0), options.NaturalWidth(0));
        foreach (TextTable t in new[] { verbs, options })
        {
            t.SetMinimumWidth(0, first);
            t.ShowHeader = false;
            t.Unlimited = context.Pager.IsOpen;
        }

        output.Append($"\n{Ansi.Underline}Commands:{Ansi.Normal}\n").Append(verbs.Render());
        output.Append($"\n{Ansi.Underline}Options:{Ansi.Normal}\n").Append(options.Render());
        string man = "portablectl(1) man page";
        string link = Terminal.UrlifyEnabled ? $"\e]8;;man:portablectl(1)\e\\{man}\e]8;;\e\\" : man;
        output.Append($"\nSee the {link} for details.\n");
        StandardOutput.Write(output.ToString());
    }

    public static void PrintVersion() =>
        StandardOutput.Write("systemd 262 (262.1-1)\n+PAM +AUDIT +SELINUX +APPARMOR +IMA +IPE +SMACK +SECCOMP -GNUTLS +OPENSSL +ACL +BLKID +CURL " +
            "+ELFUTILS +FIDO2 +IDN2 +KMOD +LIBCRYPTSETUP +LIBCRYPTSETUP_PLUGINS +LIBFDISK +PCRE2 +PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 " +
            "+LZ4 +XZ +ZLIB +ZSTD +BPF_FRAMEWORK +BTF -XKBCOMMON -UTMP +LIBARCHIVE\n");

    private static TextTable VerbsTable()
    {
        var table = new TextTable("verb", "help");
        foreach (VerbDefinition v in VerbTable.All)
        {
            string synopsis = "  " + (v.IsDefault ? "[" : string.Empty) + v.Name + (v.Argspec is null ? string.Empty : " " + v.Argspec) + (v.IsDefault ? "]" : string.Empty);
            table.AddRow(TableCell.Of(Terminal.Columns < SynopsisWidthSane * 4 ? BreakSynopsis(synopsis) : synopsis), TableCell.Wrapped(Words(v.Help)));
        }

        return table;
    }

    private static TextTable OptionsTable()
    {
        var table = new TextTable("option", "help");
        foreach (OptionDefinition o in Options.All.Where(o => o.Help is not null))
        {
            string synopsis = "  " + (o.Short is char c ? $"-{c} " : "   ") + "--" + o.Long + (o.Metavar is null ? string.Empty : "=" + o.Metavar);
            table.AddRow(TableCell.Of(synopsis), TableCell.Wrapped(Words(o.Help!)));
        }

        return table;
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // Upstream breaks at the first space at or after 25 bytes (else the last space), then the
    // remainder the same way at 21, continuation lines indented by four.
    private static string BreakSynopsis(string s)
    {
        string? rest = RemainderAfterBreak(s, SynopsisWidthSane);
        if (rest is null)
        {
            return s;
        }

        string head = s[..^rest.Length];
        string? rest2 = RemainderAfterBreak(rest, SynopsisWidthSane - 4);
        return rest2 is null ? head + "\n    " + rest : head + "\n    " + rest[..^rest2.Length] + "\n    " + rest2;
    }

    private static string? RemainderAfterBreak(string s, int maxBytes)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        if (bytes.Length <= maxBytes)
        {
            return null;
        }

        int space = Array.IndexOf(bytes, (byte)' ', maxBytes);
        if (space < 0)
        {
            space = Array.LastIndexOf(bytes, (byte)' ');
        }

        return space < 0 ? null : Encoding.UTF8.GetString(bytes, space + 1, bytes.Length - space - 1);
    }

    /// <summary>strv_rebreak_lines(): words joined greedily into lines of at most <paramref name="width"/> columns.</summary>
    private static List<string> Rebreak(string text, int width)
    {
        var lines = new List<string>();
        string line = string.Empty;
        foreach (string w in Words(text))
        {
            if (line.Length > 0 && ConsoleWidth.Of(line) + 1 + ConsoleWidth.Of(w) > width)
            {
                lines.Add(line);
                line = w;
            }
            else
            {
                line = line.Length == 0 ? w : line + " " + w;
            }
        }

        lines.Add(line);
        return lines;
    }
}
