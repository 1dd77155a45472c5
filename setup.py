from setuptools import find_packages, setup

setup(
    name='keras',
    version='2.2.4.post1',
    description='Keras 2.2.4 API on a TensorFlow graph backend, with '
                'per-layer learning-rate multipliers (differential learning rates)',
    long_description=open('README.md').read() if __import__('os').path.exists('README.md') else '',
    long_description_content_type='text/markdown',
    license='MIT',
    python_requires='>=3.7',
    install_requires=[
        'numpy>=1.16',
        'scipy>=0.14',
        'six>=1.9.0',
        'pyyaml',
        'h5py',
        'keras_applications>=1.0.6',
        'keras_preprocessing>=1.0.5',
    ],
    packages=find_packages(exclude=('tests', 'tests.*')),
)
