// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Tests;

/// <summary>Golden files: Golden/NAME next to the test binaries; a mismatch writes NAME.actual into the temp dir for review.</summary>
internal static class Golden
{
    public static void AssertEqual(string name, string actual)
    {
        string path = Path.Join(AppContext.BaseDirectory, "Golden", name);
        string? expected = File.Exists(path) ? File.ReadAllText(path) : null;
        if (expected != actual)
        {
            string file = Path.Join(Path.GetTempPath(), name + ".actual");
            File.WriteAllText(file, actual);
            Assert.Fail($"{name} differs from the golden file; the output is in {file}");
        }
    }
}
