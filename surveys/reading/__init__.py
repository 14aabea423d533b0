"""Reading workbooks: a file is checked and read to sheets, its layout found, its cells read to
answers and checked against the instrument and the registry."""
