// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.Versioning;

// The tool under test is Linux-only (file modes, loop devices).
[assembly: SupportedOSPlatform("linux")]
