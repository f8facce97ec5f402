// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>
/// The option table in upstream 262's order (which is --help's order and the order of the
/// "possibilities" of an ambiguous abbreviation). --user/--system are hidden as upstream hides
/// them; --json is ours and hidden too, so that --help stays byte-identical to upstream's
/// (docs/portablectl.md documents it).
/// </summary>
internal static class Options
{
    public static IReadOnlyList<OptionDefinition> All { get; } =
    [
        new(OptionId.Help, 'h', "help", OptionArgument.None, null, "Show this help"),
        new(OptionId.Version, null, "version", OptionArgument.None, null, "Show package version"),
        new(OptionId.NoPager, null, "no-pager", OptionArgument.None, null, "Do not start a pager"),
        new(OptionId.NoLegend, null, "no-legend", OptionArgument.None, null, "Do not show headers and footers"),
        new(OptionId.NoAskPassword, null, "no-ask-password", OptionArgument.None, null, "Do not prompt for password"),
        new(OptionId.Host, 'H', "host", OptionArgument.Required, "[USER@]HOST", "Operate on remote host"),
        new(OptionId.Machine, 'M', "machine", OptionArgument.Required, "CONTAINER", "Operate on local container"),
        new(OptionId.Quiet, 'q', "quiet", OptionArgument.None, null, "Suppress informational messages"),
        new(OptionId.Profile, 'p', "profile", OptionArgument.Required, "PROFILE", "Pick security profile for portable service"),
        new(OptionId.Copy, null, "copy", OptionArgument.Required, "MODE", "Pick copying or symlinking of resources (copy, auto, symlink, mixed)"),
        new(OptionId.Runtime, null, "runtime", OptionArgument.None, null, "Attach portable service until next reboot only"),
        new(OptionId.NoReload, null, "no-reload", OptionArgument.None, null, "Don't reload the system and service manager"),
        new(OptionId.Cat, null, "cat", OptionArgument.None, null, "When inspecting include unit and os-release file contents"),
        new(OptionId.Enable, null, "enable", OptionArgument.None, null, "Immediately enable/disable the portable service after attach/detach"),
        new(OptionId.Now, null, "now", OptionArgument.None, null, "Immediately start/stop the portable service after attach/before detach"),
        new(OptionId.NoBlock, null, "no-block", OptionArgument.None, null, "Don't block waiting for attach --now to complete"),
        new(OptionId.Extension, null, "extension", OptionArgument.Required, "PATH", "Extend the image with an overlay"),
        new(OptionId.Force, null, "force", OptionArgument.None, null, "Skip 'already active' check when attaching or detaching an image (with extensions)"),
        new(OptionId.Clean, null, "clean", OptionArgument.None, null, "When detaching, also remove configuration, state, cache, logs or runtime data of the portable service(s)"),
        new(OptionId.User, null, "user", OptionArgument.None, null, null),
        new(OptionId.System, null, "system", OptionArgument.None, null, null),
        new(OptionId.Json, null, "json", OptionArgument.Required, "MODE", null),
    ];
}
