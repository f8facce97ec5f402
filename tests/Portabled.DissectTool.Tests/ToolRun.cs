// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.DissectTool.Tests;

/// <summary>Runs the tool in-process through its entry point and captures what it writes.</summary>
internal sealed record ToolRun(int ExitCode, byte[] StandardOutputBytes, string StandardError)
{
    public string StandardOutput => Encoding.UTF8.GetString(StandardOutputBytes);

    public static ToolRun Invoke(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        int exit = DissectTool.Run(args, stdout, stderr);
        return new ToolRun(exit, stdout.ToArray(), stderr.ToString());
    }
}
