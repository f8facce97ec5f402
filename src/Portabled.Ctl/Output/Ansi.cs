// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Output;

/// <summary>
/// The escape sequences systemd tools print, per colour depth. Colours defined with 256-colour
/// codes come with their 16-colour fallback first in 256 mode, alone in 24-bit mode and as the
/// fallback alone in 16-colour mode (as observed from systemd 262). Each is empty with colours off.
/// </summary>
internal static class Ansi
{
    public const string NormalSequence = "\e[0m";

    public static string Normal => Terminal.ColorsEnabled ? NormalSequence : string.Empty;

    public static string Highlight => Pick("\e[0;1;39m");

    public static string HighlightRed => Pick("\e[0;1;31m");

    public static string HighlightGreen => Pick("\e[0;1;32m");

    public static string HighlightYellow => Pick("\e[0;1;33m", "\e[0;1;38:5:185m");

    public static string Grey => Pick("\e[0;90m", "\e[0;38:5:245m");

    /// <summary>Underlining and italics are left out on the Linux console, which cannot show them.</summary>
    public static string Underline => Terminal.UnderlineEnabled ? Pick("\e[0;4m") : string.Empty;

    public static string AddUnderline => Terminal.UnderlineEnabled ? "\e[4m" : string.Empty;

    public static string AddItalics => Terminal.UnderlineEnabled ? Pick("\e[3m") : string.Empty;

    private static string Pick(string basic, string? extended = null) => Terminal.Colors switch
    {
        ColorMode.Off => string.Empty,
        ColorMode.Colors16 => basic,
        ColorMode.Colors256 => basic + extended,
        _ => extended ?? basic,
    };
}
