// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Output;

/// <summary>The special glyphs with their ASCII fallbacks for non-UTF-8 locales.</summary>
internal static class Glyphs
{
    public static string ArrowRight => Terminal.IsUtf8 ? "→" : "->";

    public static string Ellipsis => Terminal.IsUtf8 ? "…" : "...";
}
