"""Vector models that ship inside the package (nothing is downloaded).

    words      static word vectors (WordLlama l2_supercat; its files in wordllama/)
    llama_bpe  the word vectors' tokenizer (Llama 2 BPE with byte fallback), in pure Python
    sentences  sentence vectors (all-MiniLM-L6-v2, run with numpy; its files in minilm/)
    wordpiece  the sentence model's tokenizer (BERT uncased WordPiece), in pure Python
    tensors    model files checked by SHA-256; safetensors read and written with numpy
"""
