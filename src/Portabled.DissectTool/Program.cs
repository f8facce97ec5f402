// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.Versioning;
using Portabled.DissectTool;

// A Linux tool: images, modes and loop devices are Linux concepts.
[assembly: SupportedOSPlatform("linux")]

using Stream stdout = Console.OpenStandardOutput();
return DissectTool.Run(args, stdout, Console.Error);
