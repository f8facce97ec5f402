// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Interop;
using Portabled.Ctl.Output;

namespace Portabled.Ctl.Images;

/// <summary>
/// Upstream's determine_image(): a valid image name goes to the daemon as is (it searches its
/// image directories), with a warning when a file of that name is in the working directory;
/// anything else is a path, made absolute and symlink-free here so it does not depend on the
/// client's working directory.
/// </summary>
internal static class ImageArgument
{
    public static string Resolve(CtlContext context, string argument, bool permitNonExisting)
    {
        if (FileNames.IsValidImageName(argument))
        {
            if (!context.Settings.Quiet && LibC.FAccessAt(LibC.AtFdCwd, argument, LibC.FOk, LibC.AtSymlinkNoFollow) == 0)
            {
                CtlLog.Warning($"Ambiguous invocation: current working directory contains file matching non-path argument '{argument}', ignoring. " +
                    "Prefix argument with './' to force reference to file in current working directory.");
            }

            return argument;
        }

        if (context.Settings.Transport != BusTransport.Local)
        {
            throw new CtlException("Operations on images by path not supported when connecting to remote systems.");
        }

        return PathChaser.Chase(argument, permitNonExisting, out int errno)
            ?? throw new CtlException($"Cannot normalize specified image path '{argument}': {LibC.ErrorMessage(errno)}");
    }
}
