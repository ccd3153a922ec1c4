using System.Runtime.CompilerServices;

// The tests check the wire codecs and the termios layout directly.
[assembly: InternalsVisibleTo("EdgeCtl.Drivers.Tests")]
// The benchmarks time the per-line-block image decode (ImageReceiver), which has no public entry point.
[assembly: InternalsVisibleTo("EdgeCtl.Benchmarks")]
