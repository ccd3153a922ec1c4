using System.Runtime.CompilerServices;

// Unit tests exercise the internal stages (scale space, watershed, FDR) directly.
[assembly: InternalsVisibleTo("EdgeCtl.Inference.Tests")]
