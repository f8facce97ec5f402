// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.DissectTool;

/// <summary>The streams a command writes to: standard output as bytes (for --copy-from) and as UTF-8 text, and standard error.</summary>
internal sealed class ToolContext : IDisposable
{
    public ToolContext(Stream standardOutput, TextWriter standardError)
    {
        StandardOutputStream = standardOutput;
        Out = new StreamWriter(standardOutput, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 65536, leaveOpen: true) { NewLine = "\n" };
        Error = standardError;
    }

    public Stream StandardOutputStream { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public void Dispose() => Out.Flush();
}
