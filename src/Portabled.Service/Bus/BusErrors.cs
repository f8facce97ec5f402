// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.SdBus;

namespace Portabled.Service.Bus;

/// <summary>
/// Turns exceptions into the D-Bus errors upstream would send. Core's <see cref="PortableException"/>
/// already carries upstream's name and message (Core translates what the image readers throw,
/// see <see cref="ImageErrorMap"/>); .NET's own I/O exceptions become the errno names sd-bus uses
/// (its own mapping, <see cref="DBusException.FromErrno"/>). Anything else, a reader exception that
/// escaped Core included, is a bug: it becomes <c>org.freedesktop.DBus.Error.Failed</c> and is
/// logged by the caller.
/// </summary>
public static class BusErrors
{
    private const int EACCES = 13;

    /// <summary>
    /// The errno each of portabled's own error names stands for (upstream's bus error map), for
    /// <see cref="DBusException.AddErrorMap"/>: an object lookup that fails with NoSuchImage on a call
    /// sd-bus answers itself is <c>FileNotFound</c>, as upstream's (observed).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, int>> ErrorNames { get; } =
    [
        new(PortableErrorNames.NoSuchImage, Errno.ENOENT),
        new(PortableErrorNames.BadImageType, Errno.EMEDIUMTYPE),
        new(PortableErrorNames.NoMatchingUnitFiles, Errno.ENOENT),
        new(PortableErrorNames.UnitExists, Errno.EEXIST),
        new(PortableErrorNames.NoSuchUnit, Errno.ENOENT),
    ];

    /// <summary>The D-Bus error for <paramref name="e"/>, or null when it is unexpected.</summary>
    public static DBusException? Map(Exception e, UpstreamBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        DBusException? mapped = e switch
        {
            DBusException d => d,
            PortableException p => new DBusException(p.ErrorName, p.Message),
            IOException or UnauthorizedAccessException when e.GetType().Assembly == typeof(IOException).Assembly =>
                DBusException.FromErrno(Errno.FromException(e)),
            _ => null,
        };
        return mapped is not null && behavior.EscapesErrorMessages ? new DBusException(mapped.ErrorName, Escape(mapped.Message)) : mapped;
    }

    /// <summary>Permission denied, as a failed polkit check ends upstream (-EACCES).</summary>
    public static DBusException AccessDenied() => DBusException.FromErrno(EACCES);

    /// <summary>
    /// 262's error messages show control characters as <c>\xNN</c> escapes of their UTF-8 bytes: C0
    /// controls other than tab and newline, DEL and the C1 controls (observed for every one; a
    /// backslash stays as it is).
    /// </summary>
    public static string Escape(string message)
    {
        StringBuilder? escaped = null;
        for (int i = 0; i < message.Length; i++)
        {
            char c = message[i];
            bool control = (c < ' ' && c is not ('\t' or '\n')) || c is >= '\x7f' and <= '\x9f';
            if (!control)
            {
                escaped?.Append(c);
                continue;
            }

            escaped ??= new StringBuilder(message, 0, i, message.Length + 8);
            foreach (byte b in Encoding.UTF8.GetBytes(message.Substring(i, 1)))
            {
                escaped.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }
        }

        return escaped?.ToString() ?? message;
    }
}
