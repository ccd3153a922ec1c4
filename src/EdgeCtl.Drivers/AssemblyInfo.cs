using System.Runtime.CompilerServices;

// The tests check the wire codecs and the termios layout directly.
[assembly: InternalsVisibleTo("EdgeCtl.Drivers.Tests")]
