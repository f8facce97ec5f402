// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Metadata;

namespace Portabled.Ctl.Verbs;

/// <summary>An os-release or extension-release file parsed by systemd's env-file rules.</summary>
internal sealed class ReleaseFields
{
    private readonly Dictionary<string, string> _fields;

    private ReleaseFields(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        Pairs = pairs;
        _fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs)
        {
            _fields[k] = v;
        }
    }

    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; }

    /// <summary>
    /// Parses <paramref name="data"/> with the daemon's own parser; throws <see cref="CtlException"/> with
    /// <paramref name="failure"/> and the errno text (EBADMSG for a NUL byte, else EINVAL) when it is not valid.
    /// </summary>
    public static ReleaseFields Parse(byte[] data, string failure)
    {
        try
        {
            return new ReleaseFields(EnvFile.Parse(data, "os-release"));
        }
        catch (EnvFileException e)
        {
            throw new CtlException(failure + (e.Error == EnvFileError.EmbeddedNul ? ": Bad message" : ": Invalid argument"));
        }
    }

    public string? this[string key] => _fields.TryGetValue(key, out string? v) ? v : null;

    /// <summary>The first of <paramref name="keys"/> that is set.</summary>
    public string? First(params string[] keys) => keys.Select(k => this[k]).FirstOrDefault(v => v is not null);
}
