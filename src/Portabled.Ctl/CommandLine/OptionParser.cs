// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>
/// getopt_long-style parsing as systemd 262's option parser does it (docs/portablectl.md,
/// "Options"): options anywhere before <c>--</c> (arguments are permuted), <c>--opt=v</c> and
/// <c>--opt v</c>, bundled short options with an attached or following value, unambiguous
/// abbreviations of long options (an exact name wins), and upstream's error texts. Occurrences are
/// yielded in command-line order so the caller can act on each at once (--help exits before a
/// later bad option is seen).
/// </summary>
internal sealed class OptionParser
{
    private readonly IReadOnlyList<OptionDefinition> _options;
    private readonly string _program;

    public OptionParser(IReadOnlyList<OptionDefinition> options, string program)
    {
        _options = options;
        _program = program;
    }

    /// <summary>Options in order, then the positional arguments in order; throws <see cref="CtlException"/> on a bad option.</summary>
    public IEnumerable<ParsedOption> Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                (ParsedOption option, bool consumedNext) = ParseLong(a[2..], i + 1 < args.Count ? args[i + 1] : null);
                i += consumedNext ? 1 : 0;
                yield return option;
            }
            else if (a.Length > 1 && a[0] == '-')
            {
                // Each letter is acted on before the next is looked at: "-hx" shows the help.
                for (int k = 1; k < a.Length; k++)
                {
                    char c = a[k];
                    OptionDefinition option = _options.FirstOrDefault(o => o.Short == c) ?? throw Fail($"unrecognized option '-{c}'");
                    if (option.Argument == OptionArgument.None)
                    {
                        yield return new ParsedOption(option, null);
                        continue;
                    }

                    if (k + 1 < a.Length)
                    {
                        yield return new ParsedOption(option, a[(k + 1)..]);
                    }
                    else if (i + 1 < args.Count)
                    {
                        yield return new ParsedOption(option, args[++i]);
                    }
                    else
                    {
                        throw Fail($"option '-{c}' requires an argument");
                    }

                    break;
                }
            }
            else
            {
                positional.Add(a);
            }
        }

        foreach (string p in positional)
        {
            yield return new ParsedOption(null, p);
        }
    }

    private (ParsedOption Option, bool ConsumedNext) ParseLong(string body, string? next)
    {
        int eq = body.IndexOf('=');
        string name = eq < 0 ? body : body[..eq];
        string? value = eq < 0 ? null : body[(eq + 1)..];
        OptionDefinition option = FindLong(name);
        if (option.Argument == OptionArgument.None)
        {
            return value is null ? (new ParsedOption(option, null), false) : throw Fail($"option '--{name}' doesn't allow an argument");
        }

        if (value is not null)
        {
            return (new ParsedOption(option, value), false);
        }

        return next is not null ? (new ParsedOption(option, next), true) : throw Fail($"option '--{name}' requires an argument");
    }

    private OptionDefinition FindLong(string name)
    {
        if (name.Length == 0)
        {
            throw Fail("unrecognized option '--'");
        }

        OptionDefinition? exact = _options.FirstOrDefault(o => o.Long == name);
        if (exact is not null)
        {
            return exact;
        }

        var candidates = _options.Where(o => o.Long.StartsWith(name, StringComparison.Ordinal)).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw Fail($"unrecognized option '--{name}'"),
            _ => throw Fail($"option '--{name}' is ambiguous; possibilities: {string.Join(", ", candidates.Select(o => "--" + o.Long))}"),
        };
    }

    private CtlException Fail(string message) => new($"{_program}: {message}");
}
