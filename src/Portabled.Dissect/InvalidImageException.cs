// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect;

/// <summary>
/// The image is corrupt or hostile: a structure failed validation. The message names the image,
/// the structure and the byte offset, so one line tells an administrator what is wrong.
/// (STYLE.md asks for InvalidDataException as the base, but it is sealed; IOException is its base.)
/// </summary>
public class InvalidImageException : IOException
{
    /// <summary>Creates the exception for <paramref name="structure"/> at <paramref name="offset"/> of <paramref name="image"/>.</summary>
    public InvalidImageException(string image, string structure, long offset, string problem)
        : base($"{image}: {structure} at byte {offset}: {problem}")
    {
        Image = image;
        Structure = structure;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>Creates the exception with a free-form message (no single offset applies).</summary>
    public InvalidImageException(string image, string problem)
        : base($"{image}: {problem}")
    {
        Image = image;
        Structure = string.Empty;
        Offset = -1;
        Problem = problem;
    }

    /// <summary>Path of the image (or partition) being read.</summary>
    public string Image { get; }

    /// <summary>Name of the on-disk structure that failed (e.g. <c>GptHeader</c>), or empty.</summary>
    public string Structure { get; }

    /// <summary>Absolute byte offset of the structure in the image, or -1 when not applicable.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }
}
