// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Testing;

/// <summary>The sample images of scripts/make-sample-images, built once per test run.</summary>
public static class SampleImages
{
    private static readonly Lazy<string> s_directory = new(() =>
    {
        string dir = Path.Join(Path.GetTempPath(), $"portabled-samples-{Environment.ProcessId}");
        ProcessRunner.RunChecked(PortabledCommands.MakeSampleImages, dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return dir;
    });

    /// <summary>Directory holding minimal-app/, app0/, nixapp/, broken/ and minimal-app.raw.</summary>
    public static string Directory => s_directory.Value;
}
