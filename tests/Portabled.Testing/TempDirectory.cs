// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Testing;

/// <summary>A fresh directory under the system temp dir, removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates it, with <paramref name="prefix"/> in its name, under <paramref name="parent"/> (default: the temp dir).</summary>
    public TempDirectory(string prefix = "portabled-test", string? parent = null)
    {
        if (parent is null)
        {
            Path = Directory.CreateTempSubdirectory(prefix + ".").FullName;
            return;
        }

        Path = System.IO.Path.Join(parent, prefix + "." + System.IO.Path.GetRandomFileName());
        Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Absolute path.</summary>
    public string Path { get; }

    /// <summary>A path inside it.</summary>
    public string this[string relative] => System.IO.Path.Join(Path, relative);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
